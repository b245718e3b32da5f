package ru.civicpulse.contracts;

import java.util.List;

/** A taxonomy group: stable English code, Russian label as regional centres publish it, finer topics. */
public record TopicGroup(String code, String label, List<TopicDefinition> topics) {
    public TopicGroup {
        topics = List.copyOf(topics);
    }
}
