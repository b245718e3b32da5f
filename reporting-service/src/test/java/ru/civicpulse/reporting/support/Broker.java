package ru.civicpulse.reporting.support;

import org.apache.kafka.clients.producer.ProducerRecord;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestKafka;

import java.util.Collection;
import java.util.List;

/** Talks to the test broker as classification-service would: wire JSON on the classified topic. */
public final class Broker {
    private Broker() {
    }

    /** Publishes classified events in order (same key, same partition) and waits for the broker's acks. */
    public static void publish(Collection<MessageClassified> events) {
        TestKafka.send(events.stream()
                .map(e -> new ProducerRecord<>(Topics.MESSAGES_CLASSIFIED, e.messageId().toString(), json(e))).toList());
    }

    public static void publish(MessageClassified... events) {
        publish(List.of(events));
    }

    public static void publishRaw(String key, String value) {
        TestKafka.send(Topics.MESSAGES_CLASSIFIED, key, value);
    }

    public static String json(Object event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the service's consumer group has committed everything published on the classified topic so far. */
    public static void awaitConsumed() {
        TestKafka.awaitCommitted("reporting", Topics.MESSAGES_CLASSIFIED);
    }
}
