package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code ./civicpulse load --mode reclassify}: stores messages, then times one re-classification job over
 * them with a freshly trained model version (with the version that classified them a job analyses nothing).
 */
final class ReclassifyLoad {
    /** Where the project keeps the classifier's seed corpus, from the repository's root. */
    static final String SEED_CORPUS = "classifier/src/main/resources/ru/civicpulse/classifier/seed";

    private final Stack stack;
    private final String classification;

    ReclassifyLoad(Stack stack, String classification) {
        this.stack = stack;
        this.classification = classification;
    }

    /** What re-classification mode measured: one job over a period holding the messages stored for it. */
    public record Result(int requested, long stored, int jobMessages, String status, double seconds,
                         int reclassified, double visibleSeconds) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "re-classification: %d messages stored for it (of %d requested); the job took %d messages, %s in %.1f s: %.0f msg/s;"
                            + " its %d new results all counted by reporting after %.1f s: %.0f msg/s",
                    stored, requested, jobMessages, status, seconds, perSecond(), reclassified, visibleSeconds,
                    visiblePerSecond());
        }

        /** Messages the job went through per second, from the request until it was done. */
        public double perSecond() {
            return jobMessages / seconds;
        }

        /** New results per second from the request until reporting counts every one under the new version. */
        public double visiblePerSecond() {
            return reclassified / visibleSeconds;
        }
    }

    /**
     * Stores {@code count} messages published now, waits until reporting counts them (so
     * classification has them), then re-classifies their period with one job (account
     * {@code admin}) and times it from the request until the job is done.
     */
    public Result run(int count) throws Exception {
        long base = LoadCommand.countedNow(stack);
        stack.token("ingest");
        stack.token("admin");
        String run = Long.toString(System.currentTimeMillis(), 36) + "r";
        Random random = new Random(run.hashCode());
        System.err.printf("[load] re-classification: storing %d messages%n", count);
        Instant periodFrom = Instant.now().minusSeconds(1);
        long stored = 0;
        for (int sent = 0; sent < count; sent += LoadCommand.STORE_BATCH) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + LoadCommand.STORE_BATCH); i++) {
                items.add(ChannelFeeder.restItem(LoadCommand.message(run, i, random)));
            }
            HttpResponse<String> resp = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest", Map.of("messages", items));
            if (resp.statusCode() != 202) {
                throw new IllegalStateException("ingestion answered " + resp.statusCode() + ": " + resp.body());
            }
            stored += stack.read(resp.body()).path("accepted").asLong();
        }
        Instant periodTo = Instant.now().plusSeconds(1);
        LoadCommand.awaitCounted(stack, base, stored);
        // with the version that classified them, a job finds every message done and analyses nothing
        String previous = activeModel();
        String fresh = trainModel();
        activateModel(fresh);
        System.err.printf("[load] re-classification: %d messages classified by %s, re-classifying them with %s%n", stored, previous, fresh);
        long start = System.nanoTime();
        HttpResponse<String> started = stack.postJson(classification + "/api/v1/reclassify", "admin",
                Map.of("from", periodFrom.toString(), "to", periodTo.toString()));
        if (started.statusCode() != 202) {
            throw new IllegalStateException("classification answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode state = LoadCommand.awaitJob(stack, classification + "/api/v1/reclassify/jobs/"
                + stack.read(started.body()).path("id").asText(), "admin");
        double seconds = (System.nanoTime() - start) / 1e9;
        int reclassified = state.path("reclassified").asInt();
        awaitVersionCounted(periodFrom, periodTo, fresh, reclassified);
        double visibleSeconds = (System.nanoTime() - start) / 1e9;
        activateModel(previous);
        System.err.printf("[load] re-classification: %s active again%n", previous);
        int messages = state.path("messages").asInt();
        return new Result(count, stored, messages, state.path("status").asText(), seconds, reclassified, visibleSeconds);
    }

    /** Waits until reporting's methodology figures of the period show {@code version} behind {@code count} messages. */
    private void awaitVersionCounted(Instant from, Instant to, String version, int count) throws InterruptedException {
        String url = stack.reporting + "/api/v1/analytics/methodology?from=" + from + "&to=" + to;
        LoadCommand.awaitUntil("reporting did not count the " + count + " new results of " + version, Duration.ofMillis(100), () -> {
            HttpResponse<String> r = stack.get(url, "analyst");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("reporting answered " + r.statusCode() + ": " + r.body());
            }
            for (JsonNode v : stack.read(r.body()).path("modelVersions")) {
                if (version.equals(v.path("version").asText())) {
                    return v.path("messages").asLong() >= count;
                }
            }
            return false;
        });
    }

    private String activeModel() {
        HttpResponse<String> r = stack.get(classification + "/api/v1/models", "admin");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("classification answered " + r.statusCode() + ": " + r.body());
        }
        for (JsonNode model : stack.read(r.body())) {
            if (model.path("active").asBoolean()) {
                return model.path("version").asText();
            }
        }
        throw new IllegalStateException("classification has no active model");
    }

    /** Trains a version from the project's seed corpus (what the default model is trained from) and returns it. */
    private String trainModel() throws Exception {
        Path seed = Path.of(Stack.env("CIVICPULSE_ROOT", ".")).resolve(SEED_CORPUS);
        StringBuilder csv = new StringBuilder("text,group,topic\n");
        try (Stream<Path> files = Files.list(seed)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                        .forEach(l -> csv.append(l).append('\n'));
            }
        }
        System.err.println("[load] re-classification: training a model version from the seed corpus");
        HttpResponse<String> started = stack.postMultipart(classification + "/api/v1/models", "admin",
                Map.of("textColumn", "text", "labelColumn", "group", "topicColumn", "topic"), "seed.csv", "text/csv",
                csv.toString().getBytes(StandardCharsets.UTF_8));
        if (started.statusCode() != 202) {
            throw new IllegalStateException("classification answered " + started.statusCode() + ": " + started.body());
        }
        JsonNode state = LoadCommand.awaitJob(stack, classification + "/api/v1/models/jobs/"
                + stack.read(started.body()).path("id").asText(), "admin");
        if (!"DONE".equals(state.path("status").asText())) {
            throw new IllegalStateException("training failed: " + state.path("error").asText());
        }
        return state.path("modelVersion").asText();
    }

    private void activateModel(String version) {
        HttpResponse<String> r = stack.postJson(classification + "/api/v1/models/" + version + "/activate", "admin", Map.of());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("classification answered " + r.statusCode() + " to activating " + version + ": " + r.body());
        }
    }
}
