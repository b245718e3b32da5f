package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./civicpulse load --mode rebuild}: one rebuild of reporting's read model from the classified
 * topic (account {@code admin}), timed from the request until the job is done; it reads whatever
 * the topic holds, so it runs after the modes that fill it.
 */
final class RebuildLoad {
    private final Stack stack;

    RebuildLoad(Stack stack) {
        this.stack = stack;
    }

    /** What rebuild mode measured: the events the job read (applied and unreadable among them) and how long it took. */
    public record Result(long events, long applied, long unreadable, double seconds, double perSecond) {
        public String summary() {
            return String.format(Locale.ROOT, "read-model rebuild: %d events in %.1f s: %.0f events/s", events, seconds, perSecond);
        }
    }

    /** Requests a rebuild and polls it until it is DONE; a FAILED or unfinished one (after the wait limit) throws. */
    public Result run() throws Exception {
        stack.token("admin");
        System.err.println("[load] read-model rebuild: requesting one from reporting");
        long start = System.nanoTime();
        HttpResponse<String> started = stack.postJson(stack.reporting + "/api/v1/read-model/rebuilds", "admin", Map.of());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("reporting answered " + started.statusCode() + ": " + started.body());
        }
        String job = stack.read(started.body()).path("id").asText();
        JsonNode state = LoadCommand.awaitJob(stack, stack.reporting + "/api/v1/read-model/rebuilds/" + job, "admin");
        double seconds = (System.nanoTime() - start) / 1e9;
        String status = state.path("status").asText();
        if (!"DONE".equals(status)) {
            // a failed rebuild measures nothing
            throw new IllegalStateException("read-model rebuild " + job + " is " + status + " after " + Math.round(seconds) + " s"
                    + (state.path("error").isTextual() ? ": " + state.path("error").asText() : ""));
        }
        long events = state.path("eventsRead").asLong();
        System.err.printf(Locale.ROOT, "[load] read-model rebuild: %d events read, %d applied, %d unreadable skipped%n",
                events, state.path("eventsApplied").asLong(), state.path("unreadable").asLong());
        return new Result(events, state.path("eventsApplied").asLong(), state.path("unreadable").asLong(), seconds, events / seconds);
    }
}
