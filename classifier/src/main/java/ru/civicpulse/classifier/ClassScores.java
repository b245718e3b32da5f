package ru.civicpulse.classifier;

/** Precision, recall and F1 of one class, and how many examples of it were scored. */
public record ClassScores(double precision, double recall, double f1, int support) {
}
