package ru.civicpulse.contracts;

/** A finer topic inside a group. Codes are {@code <group>/<topic>} so they are unique across groups. */
public record TopicDefinition(String code, String label, String group) {
}
