package ru.civicpulse.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.ChannelFeeder;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.DemoMessage;
import ru.civicpulse.tools.Stack;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages through every real entry point (REST, VK Callback API, Telegram webhook, XLSX import)
 * end up classified and counted exactly once in reporting; the weekly report says the same as the
 * API; every demo account's token from the real Keycloak gets exactly its access.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(9);
    static final String FROM = DAY.toString();
    static final String TO = DAY.plusDays(1).toString();
    // what the test sends: counted messages per source and municipality (official replies are not counted)
    static final int POS = 30;
    static final int OK = 10;
    static final int VK = 20;
    static final int TELEGRAM = 15;
    static final int IMPORT_VORONEZH = 12;
    static final int IMPORT_NOVOVORONEZH = 8;
    static final int VORONEZH = POS + VK + TELEGRAM + IMPORT_VORONEZH;
    static final int NOVOVORONEZH = OK + IMPORT_NOVOVORONEZH;
    static final int TOTAL = VORONEZH + NOVOVORONEZH;

    static Stack stack;
    static ChannelFeeder feeder;
    static final TestData data = new TestData(DAY, "e2e");
    static final List<DemoMessage> restSent = new ArrayList<>();
    static final List<DemoMessage> vkSent = new ArrayList<>();
    static final List<DemoMessage> telegramSent = new ArrayList<>();
    static final List<DemoMessage> importSent = new ArrayList<>();

    @BeforeAll
    static void stack() {
        stack = SystemStack.get().stack;
        feeder = new ChannelFeeder(stack);
    }

    @Test
    @Order(1)
    void messagesFromEveryChannelAreClassifiedAndCountedOnce() {
        List<DemoMessage> pos = data.rest(POS, Source.POS, MessageKind.APPEAL, "voronezh");
        restSent.addAll(pos);
        restSent.addAll(data.rest(OK, Source.OK, MessageKind.POST, "novovoronezh"));
        pos.subList(0, 5).forEach(m -> restSent.add(data.officialReply(m)));
        ChannelFeeder.Sent rest = feeder.rest(restSent, 20);
        assertThat(rest.accepted()).isEqualTo(POS + OK + 5);

        List<DemoMessage> posts = data.vkPosts(VK);
        vkSent.addAll(posts);
        posts.subList(0, 3).forEach(m -> vkSent.add(data.officialReply(m)));
        feeder.vk(vkSent);

        telegramSent.addAll(data.telegram(TELEGRAM));
        feeder.telegram(telegramSent);

        importSent.addAll(data.imported(IMPORT_VORONEZH, "voronezh"));
        importSent.addAll(data.imported(IMPORT_NOVOVORONEZH, "novovoronezh"));
        JsonNode imported = feeder.importXlsx(importSent);
        assertThat(imported.path("accepted").asLong()).isEqualTo(IMPORT_VORONEZH + IMPORT_NOVOVORONEZH);

        awaitCounts(Map.of("POS", POS, "OK", OK, "VK", VK, "TELEGRAM", TELEGRAM, "INCIDENT_IMPORT", IMPORT_VORONEZH + IMPORT_NOVOVORONEZH));
        assertThat(total("analyst", "voronezh")).isEqualTo(VORONEZH);
        assertThat(total("analyst", "novovoronezh")).isEqualTo(NOVOVORONEZH);

        // every message was classified: the search shows each with a topic group
        JsonNode page = stack.read(stack.get(stack.reporting + "/api/v1/messages?from=" + FROM + "&to=" + TO + "&size=100", "analyst").body());
        assertThat(page.toString()).contains("housing-utilities");
    }

    @Test
    @Order(2)
    void deliveringEverythingAgainCountsNothingTwice() {
        ChannelFeeder.Sent rest = feeder.rest(restSent, 50);
        assertThat(rest.accepted()).isZero();
        assertThat(rest.duplicates()).isEqualTo(restSent.size());
        feeder.vk(vkSent);
        feeder.telegram(telegramSent);
        JsonNode imported = feeder.importXlsx(importSent);
        assertThat(imported.path("accepted").asLong()).isZero();
        assertThat(imported.path("duplicates").asLong()).isEqualTo(importSent.size());

        // one new message after the re-deliveries: once it is counted, the re-deliveries have had their chance
        feeder.rest(data.rest(1, Source.POS, MessageKind.APPEAL, "voronezh"), 1);
        awaitCounts(Map.of("POS", POS + 1, "OK", OK, "VK", VK, "TELEGRAM", TELEGRAM, "INCIDENT_IMPORT", IMPORT_VORONEZH + IMPORT_NOVOVORONEZH));
    }

    @Test
    @Order(3)
    void weeklyReportDocumentsMatchTheApi() throws Exception {
        HttpResponse<String> ordered = stack.postJson(stack.reporting + "/api/v1/reports", "analyst",
                Map.of("from", FROM, "to", TO, "municipality", "voronezh"));
        assertThat(ordered.statusCode()).isEqualTo(202);
        String id = stack.read(ordered.body()).get("id").asText();
        String status = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.read(stack.get(stack.reporting + "/api/v1/reports/" + id, "analyst").body()).path("status").asText(),
                        s -> s.equals("DONE") || s.equals("FAILED"));
        assertThat(status).isEqualTo("DONE");

        JsonNode api = stack.read(stack.get(stack.reporting + "/api/v1/analytics/topics?from=" + FROM + "&to=" + TO
                + "&municipality=voronezh", "analyst").body());
        Map<String, Long> apiGroups = new HashMap<>();
        api.path("groups").forEach(g -> apiGroups.put(g.path("group").asText(), g.path("count").asLong()));

        HttpResponse<byte[]> csv = stack.getBytes(stack.reporting + "/api/v1/reports/" + id + "/document?format=csv", "analyst");
        assertThat(csv.statusCode()).isEqualTo(200);
        Map<String, Long> csvGroups = new HashMap<>();
        long csvTotal = -1;
        boolean topics = false;
        for (String line : new String(csv.body(), StandardCharsets.UTF_8).replace("\uFEFF", "").split("\r?\n")) {
            if (line.equals("Темы")) {
                topics = true;
                continue;
            }
            if (topics && line.isEmpty()) {
                break;
            }
            String[] cells = line.split(";", -1);
            if (topics && cells.length > 2 && cells[2].matches("\\d+")) {
                if (cells[0].isEmpty()) {
                    csvTotal = Long.parseLong(cells[2]);
                } else {
                    csvGroups.put(cells[0], Long.parseLong(cells[2]));
                }
            }
        }
        assertThat(csvTotal).isEqualTo(api.path("total").asLong()).isEqualTo(VORONEZH + 1);
        apiGroups.forEach((group, count) -> assertThat(csvGroups.getOrDefault(group, 0L)).as(group).isEqualTo(count));

        HttpResponse<byte[]> pdf = stack.getBytes(stack.reporting + "/api/v1/reports/" + id + "/document?format=pdf", "analyst");
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Воронеж").contains(String.valueOf(VORONEZH + 1));
        }
    }

    @Test
    @Order(4)
    void theImportedExportsExecutorsBecomeRuleProposals() {
        // the export names «Исполнитель» on every row (ChannelFeeder.incidentExport): ingestion keeps it, classification
        // passes it on, reporting counts it per group and district
        String url = stack.reporting + "/api/v1/routing/proposals?municipality=voronezh&minMessages=1&from=" + FROM + "&to=" + TO;
        JsonNode answer = stack.read(stack.get(url, "admin").body());
        List<JsonNode> groupLevel = new ArrayList<>();
        answer.path("proposals").forEach(p -> {
            if (p.path("topic").isNull()) {
                groupLevel.add(p);
            }
        });
        String named = ChannelFeeder.sourceExecutor(importSent.stream().filter(m -> m.municipality().equals("voronezh")).findFirst().orElseThrow());
        assertThat(groupLevel).isNotEmpty().allSatisfy(p -> {
            assertThat(p.path("executorName").asText()).isEqualTo(named);
            assertThat(p.path("share").asDouble()).isEqualTo(1.0);
            assertThat(p.path("rule").path("municipality").asText()).isEqualTo("voronezh");
        });
        assertThat(groupLevel.stream().mapToInt(p -> p.path("count").asInt()).sum()).isEqualTo(IMPORT_VORONEZH);
        assertThat(stack.get(url.replace("municipality=voronezh", "municipality=novovoronezh"), "official").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void everyAccountGetsExactlyItsAccess() {
        int voronezh = VORONEZH + 1;
        assertThat(total("analyst", null)).isEqualTo(voronezh + NOVOVORONEZH);
        assertThat(total("admin", null)).isEqualTo(voronezh + NOVOVORONEZH);
        // city officials see their own town only, whatever they ask for
        assertThat(total("official", null)).isEqualTo(voronezh);
        assertThat(total("official", "novovoronezh")).isZero();
        assertThat(total("official-other", null)).isEqualTo(NOVOVORONEZH);
        assertThat(total("official-other", "voronezh")).isZero();
        assertThat(stack.postJson(stack.reporting + "/api/v1/reports", "official",
                Map.of("from", FROM, "to", TO, "municipality", "novovoronezh")).statusCode()).isEqualTo(403);

        // the machine client may submit, and nothing else; staff of the city may not submit
        assertThat(status(stack.get(topicsUrl(null), "ingest"))).isEqualTo(403);
        assertThat(stack.postJson(stack.ingestion + "/api/v1/messages", "official",
                ChannelFeeder.restItem(data.rest(1, Source.POS, MessageKind.APPEAL, "voronezh").get(0))).statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = stack.send(HttpRequest.newBuilder(URI.create(topicsUrl(null))).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = stack.send(HttpRequest.newBuilder(URI.create(topicsUrl(null)))
                .header("Authorization", "Bearer " + stack.token("analyst").substring(0, 40) + "x.y.z").GET().build());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    private static int status(HttpResponse<?> r) {
        return r.statusCode();
    }

    static String topicsUrl(String municipality) {
        return stack.reporting + "/api/v1/analytics/topics?from=" + FROM + "&to=" + TO + (municipality == null ? "" : "&municipality=" + municipality);
    }

    static long total(String account, String municipality) {
        HttpResponse<String> r = stack.get(topicsUrl(municipality), account);
        assertThat(r.statusCode()).as(account + " " + r.body()).isEqualTo(200);
        return stack.read(r.body()).path("total").asLong();
    }

    static long bySource(String source) {
        return stack.read(stack.get(topicsUrl(null) + "&source=" + source, "analyst").body()).path("total").asLong();
    }

    private static void awaitCounts(Map<String, Integer> expected) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Long> actual = new HashMap<>();
            expected.keySet().forEach(s -> actual.put(s, bySource(s)));
            Map<String, Long> want = new HashMap<>();
            expected.forEach((k, v) -> want.put(k, v.longValue()));
            assertThat(actual).isEqualTo(want);
        });
    }
}
