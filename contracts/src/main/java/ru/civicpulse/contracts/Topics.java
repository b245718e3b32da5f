package ru.civicpulse.contracts;

import java.util.List;

/**
 * Kafka topic names and partition counts. Every incoming channel also has a dead-letter topic per
 * consumer. {@link #ALL} is the one list of topics: the local launcher, the test broker and the
 * Kubernetes {@code KafkaTopic}s create exactly these (a test in {@code k8s} compares them).
 */
public final class Topics {
    public static final String MESSAGES_INGESTED = "civic.messages.ingested.v1";
    public static final String MESSAGES_CLASSIFIED = "civic.messages.classified.v1";
    public static final String CLASSIFICATION_FEEDBACK = "civic.classification.feedback.v1";
    public static final String REPORTS_PUBLISHED = "civic.reports.published.v1";
    public static final String INCIDENTS_WORKFLOW = "civic.incidents.workflow.v1";

    /** A topic and its partition count (the services' consumers scale up to that many replicas). */
    public record Spec(String name, int partitions) {
    }

    /** Every topic the services use, with its partitions, in the order they are created. */
    public static final List<Spec> ALL = List.of(
            new Spec(MESSAGES_INGESTED, 6),
            new Spec(MESSAGES_CLASSIFIED, 6),
            new Spec(CLASSIFICATION_FEEDBACK, 3),
            new Spec(REPORTS_PUBLISHED, 1),
            new Spec(INCIDENTS_WORKFLOW, 3),
            new Spec(deadLetter(MESSAGES_INGESTED, "classification"), 1),
            new Spec(deadLetter(CLASSIFICATION_FEEDBACK, "classification"), 1),
            new Spec(deadLetter(MESSAGES_CLASSIFIED, "reporting"), 1));

    private Topics() {
    }

    /** {@code <topic>.dlq.<consumer>}: where a consumer parks what it cannot process. */
    public static String deadLetter(String topic, String consumer) {
        return topic + ".dlq." + consumer;
    }
}
