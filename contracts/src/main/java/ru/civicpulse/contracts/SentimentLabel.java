package ru.civicpulse.contracts;

/** Tone of a message. */
public enum SentimentLabel {
    NEGATIVE, NEUTRAL, POSITIVE
}
