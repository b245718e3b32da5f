package ru.civicpulse.contracts;

/** A taxonomy group and finer topic with the model's confidence (0..1). */
public record TopicScore(String group, String topic, double confidence) {
}
