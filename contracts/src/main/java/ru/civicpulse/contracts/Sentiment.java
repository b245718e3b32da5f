package ru.civicpulse.contracts;

/** Tone with a score in -1..1 (negative to positive). */
public record Sentiment(SentimentLabel label, double score) {
}
