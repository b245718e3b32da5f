package ru.civicpulse.reporting.support;

import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.contracts.TopicScore;
import ru.civicpulse.contracts.Urgency;
import ru.civicpulse.contracts.UrgencyLevel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds {@link MessageClassified} events for tests; every field has a plain default. */
public final class Events {
    private UUID messageId = UUID.randomUUID();
    private int revision = 1;
    private Source source = Source.VK;
    private MessageKind kind = MessageKind.POST;
    private UUID inReplyTo;
    private String authorRef = "ar_" + UUID.randomUUID();
    private String text = "Во дворе не убирают мусор";
    private Instant publishedAt = Instant.parse("2026-03-10T09:00:00Z");
    private String municipality = "voronezh";
    private String district = "sovetsky";
    private String address;
    private String group = "waste";
    private String topic = "waste/waste-collection";
    private double confidence = 0.9;
    private boolean needsReview;
    private SentimentLabel tone = SentimentLabel.NEGATIVE;
    private UrgencyLevel urgency = UrgencyLevel.NONE;
    private String incidentKey;
    private String modelVersion = "m-1";
    private Instant classifiedAt = Instant.parse("2026-03-10T09:00:05Z");
    private String sourceExecutor;

    public static Events message() {
        return new Events();
    }

    public Events id(UUID v) { messageId = v; return this; }
    public Events revision(int v) { revision = v; return this; }
    public Events source(Source v) { source = v; return this; }
    public Events kind(MessageKind v) { kind = v; return this; }
    public Events replyTo(UUID v) { kind = MessageKind.OFFICIAL_REPLY; inReplyTo = v; return this; }
    public Events author(String v) { authorRef = v; return this; }
    public Events text(String v) { text = v; return this; }
    public Events at(Instant v) { publishedAt = v; classifiedAt = v.plusSeconds(5); return this; }
    public Events at(String v) { return at(Instant.parse(v)); }
    public Events municipality(String v) { municipality = v; district = null; return this; }
    public Events district(String v) { district = v; return this; }
    public Events address(String v) { address = v; return this; }
    public Events group(String v) { group = v; topic = null; return this; }
    public Events topic(String v) { topic = v; return this; }
    public Events needsReview(boolean v) { needsReview = v; return this; }
    public Events confidence(double v) { confidence = v; return this; }
    public Events tone(SentimentLabel v) { tone = v; return this; }
    public Events urgency(UrgencyLevel v) { urgency = v; return this; }
    public Events incident(String v) { incidentKey = v; return this; }
    public Events model(String v) { modelVersion = v; return this; }
    public Events classifiedAt(Instant v) { classifiedAt = v; return this; }
    public Events executor(String v) { sourceExecutor = v; return this; }

    public UUID id() {
        return messageId;
    }

    public MessageClassified build() {
        return new MessageClassified(UUID.randomUUID(), MessageClassified.TYPE, MessageClassified.VERSION, classifiedAt,
                messageId, revision, source, "src-" + messageId, "channel-1", "https://example.org/" + messageId, kind,
                inReplyTo, authorRef, text, publishedAt, publishedAt.plusSeconds(1), municipality, null,
                new TopicScore(group, topic, confidence), List.of(), needsReview,
                new Sentiment(tone, tone == SentimentLabel.NEGATIVE ? -0.7 : tone == SentimentLabel.POSITIVE ? 0.6 : 0.0),
                new Urgency(urgency, List.of()), new Location(district, address), incidentKey, modelVersion, classifiedAt,
                sourceExecutor);
    }
}
