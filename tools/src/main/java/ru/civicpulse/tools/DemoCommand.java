package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.civicpulse.tools.DemoMessage.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./civicpulse demo}: feeds the demo data set through every channel once, waits until
 * reporting counts all of it, orders the weekly report and downloads its PDF, moves a few
 * incidents through the workflow and saves the live-broadcast brief next to the report.
 */
public final class DemoCommand {
    public static final long SEED = 20261129L;
    /** Executors of Voronezh and Novovoronezh and their routing rules (fictional contacts). */
    static final String DIRECTORY = "/demo/executors.json";

    private final Stack stack;

    public DemoCommand(Stack stack) {
        this.stack = stack;
    }

    /** The data set of this state directory: made once (seed, last day, cut-off saved), then reused. */
    public static DemoSet dataSet(Path state) throws IOException {
        Path file = state.resolve("demo/dataset.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        } else {
            Instant now = Instant.now();
            p.setProperty("seed", String.valueOf(SEED));
            p.setProperty("lastDay", LocalDate.ofInstant(now, DemoDataset.ZONE).toString());
            p.setProperty("notAfter", now.toString());
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "demo data set parameters: the same values give the same messages");
            }
        }
        LocalDate lastDay = LocalDate.parse(p.getProperty("lastDay"));
        List<DemoMessage> messages = DemoDataset.generate(Long.parseLong(p.getProperty("seed")), lastDay, Instant.parse(p.getProperty("notAfter")));
        return new DemoSet(lastDay, messages);
    }

    public record DemoSet(LocalDate lastDay, List<DemoMessage> messages) {
        public long expectedTotal() {
            return messages.stream().filter(DemoMessage::counted).count();
        }

        /** Analytics window that holds the whole set. */
        public String from() {
            return lastDay.minusDays(34).toString();
        }

        public String to() {
            return lastDay.plusDays(1).toString();
        }
    }

    public int run() throws Exception {
        long t0 = System.nanoTime();
        DemoSet set = dataSet(stack.state);
        long expected = set.expectedTotal();
        log("demo data set: " + set.messages().size() + " deliveries, " + expected + " messages to count, per channel "
                + DemoDataset.perChannel(set.messages()));
        loadDirectory();
        long already = stack.reportingTotal("analyst", set.from(), set.to(), null);
        if (already >= expected) {
            log("reporting already counts " + already + " messages: nothing re-sent");
        } else {
            feed(set.messages());
            already = awaitTotal(set, expected, Duration.ofMinutes(15));
        }
        boolean complete = already >= expected;
        if (!complete) {
            log("WARNING: reporting counts " + already + " of " + expected + " messages and has stopped growing; "
                    + "see the services' logs and the dead-letter topics");
        }
        log("fed and counted in " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
        Path pdf = weeklyReport(set.lastDay(), "voronezh");
        moveIncidents(set.lastDay(), "voronezh");
        Path brief = brief(set.lastDay(), "voronezh");
        System.out.println();
        System.out.println("Weekly report (PDF): " + pdf.toAbsolutePath());
        System.out.println("Live-broadcast brief: " + brief.toAbsolutePath() + " (and .html)");
        System.out.println("Dashboard:           " + stack.reporting + "/dashboard/");
        System.out.println("Demo accounts (password = user name; local demo only):");
        System.out.println("  analyst         region-analyst, realm region (all municipalities)");
        System.out.println("  admin           region-admin, realm region (models, sources, imports)");
        System.out.println("  official        city-official, realm city, municipality voronezh");
        System.out.println("  official-other  city-official, realm city, municipality novovoronezh");
        System.out.println("  ingest          machine client (client credentials), may only submit messages");
        System.out.println("Tokens: ./civicpulse token NAME");
        return complete ? 0 : 1;
    }

    /**
     * Loads the demo directory of executors and routing rules ({@link #DIRECTORY}) through reporting's
     * API as the region admin, before any message arrives, so every message is routed on arrival.
     * What exists already (an executor of the same municipality and name, an active rule with the same
     * executor and conditions, any active default) is left as it is: a second run creates nothing.
     */
    public void loadDirectory() throws IOException {
        JsonNode directory;
        try (InputStream in = DemoCommand.class.getResourceAsStream(DIRECTORY)) {
            directory = stack.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, String> executors = new HashMap<>();
        for (JsonNode e : stack.read(expect(stack.get(stack.reporting + "/api/v1/executors", "admin"), 200))) {
            executors.put(e.path("municipality").asText() + "/" + e.path("name").asText(), e.path("id").asText());
        }
        int newExecutors = 0;
        for (JsonNode e : directory.path("executors")) {
            String key = e.path("municipality").asText() + "/" + e.path("name").asText();
            if (!executors.containsKey(key)) {
                JsonNode created = stack.read(expect(stack.postJson(stack.reporting + "/api/v1/executors", "admin", e), 201));
                executors.put(key, created.path("id").asText());
                newExecutors++;
            }
        }
        Set<String> rules = new HashSet<>();
        for (JsonNode r : stack.read(expect(stack.get(stack.reporting + "/api/v1/routing/rules", "admin"), 200))) {
            rules.add(ruleKey(r, r.path("executor").path("id").asText()));
        }
        int newRules = 0;
        for (JsonNode r : directory.path("rules")) {
            ObjectNode body = r.deepCopy();
            body.remove("executor");
            body.put("executorId", executors.get(r.path("municipality").asText() + "/" + r.path("executor").asText()));
            if (rules.add(ruleKey(body, body.path("executorId").asText()))) {
                expect(stack.postJson(stack.reporting + "/api/v1/routing/rules", "admin", body), 201);
                newRules++;
            }
        }
        log("directory: " + newExecutors + " executors and " + newRules + " routing rules added ("
                + directory.path("executors").size() + " and " + directory.path("rules").size() + " in the demo directory)");
    }

    /** What makes two rules the same; a topic implies its group, and a municipality has one default. */
    private static String ruleKey(JsonNode r, String executorId) {
        String municipality = r.path("municipality").asText();
        if (r.path("default").asBoolean()) {
            return municipality + "/default";
        }
        String subject = r.hasNonNull("topic") ? "topic=" + r.path("topic").asText() : "group=" + r.path("group").asText("");
        return String.join("|", municipality, executorId, subject, r.path("district").asText(""),
                r.path("addressFragment").asText(""), String.valueOf(r.path("priority").asInt(0)));
    }

    private static String expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Sends every delivery of the set through its channel. */
    public void feed(List<DemoMessage> messages) {
        ChannelFeeder feeder = new ChannelFeeder(stack);
        Map<Channel, List<DemoMessage>> by = ChannelFeeder.byChannel(messages);
        log("REST: " + feeder.rest(by.get(Channel.REST), 250));
        log("VK webhook: " + feeder.vk(by.get(Channel.VK)));
        log("Telegram webhook: " + feeder.telegram(by.get(Channel.TELEGRAM)));
        List<DemoMessage> imported = by.get(Channel.IMPORT).stream().filter(m -> !m.redelivery()).toList();
        log("import: " + feeder.importXlsx(imported));
        // a second upload of a part of the export: the rows are duplicates and must not count twice
        log("import again (part): " + feeder.importXlsx(imported.subList(0, Math.min(50, imported.size()))));
    }

    /**
     * Waits until reporting counts {@code expected}; returns what it counts. Gives up early when the
     * count has not moved for two minutes (something was dead-lettered): the caller says so.
     */
    public long awaitTotal(DemoSet set, long expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long last = -1;
        Instant lastChange = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            long total = stack.reportingTotal("analyst", set.from(), set.to(), null);
            if (total != last) {
                log("reporting counts " + total + " of " + expected);
                last = total;
                lastChange = Instant.now();
            }
            if (total >= expected || Duration.between(lastChange, Instant.now()).compareTo(Duration.ofMinutes(2)) > 0) {
                return total;
            }
            Thread.sleep(2000);
        }
        return last;
    }

    /** Orders the report for the seven days ending {@code lastDay}, waits for it and saves the PDF under state/reports. */
    public Path weeklyReport(LocalDate lastDay, String municipality) throws Exception {
        HttpResponse<String> r = stack.postJson(stack.reporting + "/api/v1/reports", "analyst",
                Map.of("from", lastDay.minusDays(6).toString(), "to", lastDay.plusDays(1).toString(), "municipality", municipality));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/reports answered " + r.statusCode() + ": " + r.body());
        }
        String id = stack.read(r.body()).get("id").asText();
        log("report " + id + " ordered");
        JsonNode view = awaitDone("/api/v1/reports/", id);
        HttpResponse<byte[]> pdf = stack.getBytes(stack.reporting + "/api/v1/reports/" + id + "/document?format=pdf", "analyst");
        if (pdf.statusCode() != 200) {
            throw new IllegalStateException("report document answered " + pdf.statusCode());
        }
        Path file = stack.state.resolve("reports/civicpulse-" + municipality + "-" + view.path("firstDay").asText() + "-"
                + view.path("lastDay").asText() + ".pdf");
        Files.createDirectories(file.getParent());
        Files.write(file, pdf.body());
        log("report " + id + " done in " + view.path("generationMillis").asLong() + " ms, " + pdf.body().length + " bytes");
        return file;
    }

    /** Polls a report or brief ({@code path} + id) until it is DONE; fails when it fails or takes over 5 minutes. */
    private JsonNode awaitDone(String path, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode view = null;
        while (Instant.now().isBefore(deadline)) {
            view = stack.read(stack.get(stack.reporting + path + id, "analyst").body());
            String status = view.path("status").asText();
            if ("DONE".equals(status)) {
                return view;
            }
            if ("FAILED".equals(status)) {
                throw new IllegalStateException(path + id + " failed: " + view.path("error").asText());
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(path + id + " not done after 5 min: " + view);
    }

    /**
     * The city official works on the week's top incidents, so the brief has decisions to show: the
     * first is decided and resolved, the second decided, the third taken into work. Incidents
     * someone already moved (an earlier run) are left as they are.
     */
    public void moveIncidents(LocalDate lastDay, String municipality) {
        String query = "?from=" + lastDay.minusDays(6) + "&to=" + lastDay.plusDays(1) + "&municipality=" + municipality + "&limit=3";
        JsonNode incidents = stack.read(stack.get(stack.reporting + "/api/v1/incidents" + query, "official").body()).path("incidents");
        List<List<Step>> plans = List.of(
                List.of(new Step("IN_PROGRESS", "Передано в профильное управление"),
                        new Step("DECISION_TAKEN", "Работы включены в план на эту неделю, контроль — заместитель главы"),
                        new Step("RESOLVED", "Работы выполнены, жителям направлены ответы")),
                List.of(new Step("IN_PROGRESS", "Передано в управу района"),
                        new Step("DECISION_TAKEN", "Подрядчику выдано предписание, срок — 10 дней")),
                List.of(new Step("IN_PROGRESS", "Выезд специалистов назначен")));
        for (int i = 0; i < Math.min(plans.size(), incidents.size()); i++) {
            JsonNode incident = incidents.get(i);
            String key = incident.path("incidentKey").asText();
            if (!"NEW".equals(incident.path("state").asText())) {
                log("incident " + key + " is already " + incident.path("state").asText());
                continue;
            }
            String url = stack.reporting + "/api/v1/incidents/" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20") + "/transitions";
            for (Step step : plans.get(i)) {
                HttpResponse<String> r = stack.postJson(url, "official", Map.of("to", step.to(), "comment", step.comment()));
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("transition of " + key + " to " + step.to() + " answered " + r.statusCode() + ": " + r.body());
                }
            }
            log("incident " + key + " (" + incident.path("label").asText() + ") moved to " + plans.get(i).get(plans.get(i).size() - 1).to());
        }
    }

    /** One workflow transition: the state to move to and the official's comment. */
    private record Step(String to, String comment) {
    }

    /** Orders the live-broadcast brief for the seven days ending {@code lastDay}; saves its PDF and HTML under state/reports. */
    public Path brief(LocalDate lastDay, String municipality) throws Exception {
        HttpResponse<String> r = stack.postJson(stack.reporting + "/api/v1/briefs", "official",
                Map.of("from", lastDay.minusDays(6).toString(), "to", lastDay.plusDays(1).toString(), "municipality", municipality));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/briefs answered " + r.statusCode() + ": " + r.body());
        }
        String id = stack.read(r.body()).get("id").asText();
        log("brief " + id + " ordered");
        JsonNode view = awaitDone("/api/v1/briefs/", id);
        Path pdf = null;
        for (String format : List.of("pdf", "html")) {
            HttpResponse<byte[]> doc = stack.getBytes(stack.reporting + "/api/v1/briefs/" + id + "/document?format=" + format, "analyst");
            if (doc.statusCode() != 200) {
                throw new IllegalStateException("brief document answered " + doc.statusCode());
            }
            Path file = stack.state.resolve("reports/brief-" + municipality + "-" + view.path("firstDay").asText() + "-"
                    + view.path("lastDay").asText() + "." + format);
            Files.createDirectories(file.getParent());
            Files.write(file, doc.body());
            pdf = pdf == null ? file : pdf;
        }
        log("brief " + id + " done in " + view.path("generationMillis").asLong() + " ms");
        return pdf;
    }

    static void log(String line) {
        System.err.println("[demo] " + line);
    }
}
