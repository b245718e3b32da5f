package ru.civicpulse.contracts;

/** Kafka topic names. Every incoming channel also has a dead-letter topic per consumer. */
public final class Topics {
    public static final String MESSAGES_INGESTED = "civic.messages.ingested.v1";
    public static final String MESSAGES_CLASSIFIED = "civic.messages.classified.v1";
    public static final String CLASSIFICATION_FEEDBACK = "civic.classification.feedback.v1";
    public static final String REPORTS_PUBLISHED = "civic.reports.published.v1";

    private Topics() {
    }

    /** {@code <topic>.dlq.<consumer>}: where a consumer parks what it cannot process. */
    public static String deadLetter(String topic, String consumer) {
        return topic + ".dlq." + consumer;
    }
}
