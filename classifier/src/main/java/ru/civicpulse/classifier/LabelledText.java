package ru.civicpulse.classifier;

/** A labelled example. {@code topic} is null when the data has only a group/category label. */
public record LabelledText(String text, String group, String topic) {
}
