package ru.civicpulse.classifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.TopicScore;

/**
 * Runs every analysis on one message: topic with the top-3 alternatives (flagged for review when
 * the best confidence is below the threshold), tone, urgency, place and the near-duplicate key.
 * Thread-safe: every part is immutable or keeps per-thread scratch space.
 */
public final class MessageAnalyzer {
    private final TopicModel model;
    private final double reviewThreshold;
    private final ToneAnalyzer tone = new ToneAnalyzer();
    private final UrgencyDetector urgency = new UrgencyDetector();

    public MessageAnalyzer(TopicModel model, double reviewThreshold) {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (reviewThreshold < 0 || reviewThreshold > 1) {
            throw new IllegalArgumentException("review threshold must be within 0..1");
        }
        this.model = model;
        this.reviewThreshold = reviewThreshold;
    }

    public TopicModel model() {
        return model;
    }

    public Analysis analyze(String text, String municipalityCode, Instant publishedAt) {
        String t = text == null ? "" : text;
        List<ScoredLabel> top = model.predict(t, 3);
        List<TopicScore> alternatives = new ArrayList<>(top.size());
        for (ScoredLabel s : top) {
            alternatives.add(new TopicScore(s.group(), s.topic(), round(s.confidence())));
        }
        TopicScore best = alternatives.get(0);
        // the confidence is calibrated: below the threshold the label is right less often than that
        boolean needsReview = top.get(0).confidence() < reviewThreshold;
        // the rule-based parts share one normalised copy of the text
        String norm = TextNormalizer.normalize(t);
        boolean blank = t.isBlank();
        Location location = blank ? new Location(null, null) : Gazetteer.forMunicipality(municipalityCode).locate(t, norm);
        return new Analysis(best, List.copyOf(alternatives), needsReview, tone.analyze(t, norm),
                blank ? urgency.detect(t, publishedAt) : urgency.detectNormalized(norm, publishedAt), location,
                NearDuplicates.simhashNormalized(norm));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
