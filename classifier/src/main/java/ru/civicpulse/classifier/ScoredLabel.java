package ru.civicpulse.classifier;

/** One ranked prediction: group, topic (null if the model has no topics) and confidence 0..1. */
public record ScoredLabel(String group, String topic, double confidence) {
}
