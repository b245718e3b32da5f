package ru.civicpulse.classifier;

import java.util.List;
import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.TopicScore;
import ru.civicpulse.contracts.Urgency;

/** Everything the engine says about one message. {@code alternatives} are the top 3, best first. */
public record Analysis(TopicScore topic, List<TopicScore> alternatives, boolean needsReview,
        Sentiment sentiment, Urgency urgency, Location location, long simhash) {
}
