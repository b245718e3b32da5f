package ru.civicpulse.classification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestKafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sample events (the contracts test-jar) and fresh ones, and reading what the service published. */
final class Events {
    private Events() {
    }

    static String sample(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample " + name + " not on the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample with fresh event and message ids, so tests never see each other's results. */
    static MessageIngested freshSample(String name) {
        try {
            ObjectNode node = (ObjectNode) EventJson.mapper().readTree(sample(name));
            node.put("eventId", UUID.randomUUID().toString());
            node.put("messageId", UUID.randomUUID().toString());
            return EventJson.mapper().treeToValue(node, MessageIngested.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageIngested message(String text, Instant publishedAt) {
        String sourceId = UUID.randomUUID().toString();
        return new MessageIngested(UUID.randomUUID(), MessageIngested.TYPE, MessageIngested.VERSION, Instant.now(),
                MessageIds.of(Source.API, sourceId), 1, Source.API, sourceId, "test", null, MessageKind.POST, null,
                "ar_test", text, publishedAt, Instant.now(), "voronezh", null, null, List.of(), null);
    }

    /** The message as a source system that routed it to {@code executor} would have it. */
    static MessageIngested routedTo(MessageIngested m, String executor) {
        return new MessageIngested(m.eventId(), m.eventType(), m.schemaVersion(), m.occurredAt(), m.messageId(), m.revision(),
                m.source(), m.sourceMessageId(), m.channelId(), m.url(), m.kind(), m.inReplyTo(), m.authorRef(), m.text(),
                m.publishedAt(), m.receivedAt(), m.municipality(), m.geo(), m.address(), m.attachments(), executor);
    }

    static void publish(MessageIngested m) {
        TestKafka.send(Topics.MESSAGES_INGESTED, m.messageId().toString(), json(m));
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MessageClassified> classified(UUID messageId) {
        return TestKafka.readAll(Topics.MESSAGES_CLASSIFIED).stream()
                .filter(r -> messageId.toString().equals(r.key()))
                .map(r -> {
                    try {
                        return EventJson.mapper().readValue(r.value(), MessageClassified.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }
}
