package ru.civicpulse.classifier;

import java.util.List;
import java.util.Map;

/**
 * Scores of a model on labelled data. {@code confusion[i][j]} counts examples of {@code labels[i]}
 * predicted as {@code labels[j]}. {@code expectedCalibrationError}: mean gap between the top
 * label's confidence and its accuracy, over 15 equal-width confidence bins weighted by their size
 * ({@code null} when no confidences were given).
 */
public record EvaluationReport(int examples, double accuracy, double macroF1, double weightedF1,
        double top3Accuracy, Map<String, ClassScores> perClass, List<String> labels, int[][] confusion,
        Double expectedCalibrationError) {
}
