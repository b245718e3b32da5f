package ru.civicpulse.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sample events, shipped in the contracts test-jar so that producers' and consumers' tests
 * parse the very same documents the schemas are checked against.
 */
public final class Samples {
    public static final List<String> ALL = List.of(
            "message-ingested.vk-comment.json",
            "message-ingested.import-minimal.json",
            "message-ingested.pos-executor.json",
            "message-classified.vk-comment.json",
            "message-classified.official-reply.json",
            "message-classified.pos-executor.json",
            "classification-feedback.json",
            "report-published.json",
            "incident-state-changed.json");

    private Samples() {
    }

    /** Raw UTF-8 text of a sample, e.g. {@code "message-classified.vk-comment.json"}. */
    public static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String name) {
        try {
            return EventJson.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String name, Class<T> type) {
        try {
            return EventJson.mapper().readValue(text(name), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Record type of a sample, from its eventType. */
    public static Class<? extends Event> typeOf(String name) {
        return switch (tree(name).path("eventType").asText()) {
            case MessageIngested.TYPE -> MessageIngested.class;
            case MessageClassified.TYPE -> MessageClassified.class;
            case ClassificationFeedback.TYPE -> ClassificationFeedback.class;
            case ReportPublished.TYPE -> ReportPublished.class;
            case IncidentStateChanged.TYPE -> IncidentStateChanged.class;
            default -> throw new IllegalArgumentException("Unknown eventType in " + name);
        };
    }

    /** Schema resource (in the main jar) for a sample, from its eventType. */
    public static String schemaOf(String name) {
        return switch (tree(name).path("eventType").asText()) {
            case MessageIngested.TYPE -> "/schemas/message-ingested.schema.json";
            case MessageClassified.TYPE -> "/schemas/message-classified.schema.json";
            case ClassificationFeedback.TYPE -> "/schemas/classification-feedback.schema.json";
            case ReportPublished.TYPE -> "/schemas/report-published.schema.json";
            case IncidentStateChanged.TYPE -> "/schemas/incident-state-changed.schema.json";
            default -> throw new IllegalArgumentException("Unknown eventType in " + name);
        };
    }
}
