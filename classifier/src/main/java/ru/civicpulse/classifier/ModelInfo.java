package ru.civicpulse.classifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Provenance of a trained model: what it was trained on, how, when, and how well it scored on held-out data. */
public record ModelInfo(String version, Instant trainedAt, String dataSha256, int examples,
        List<String> groups, List<String> topics, Map<String, String> parameters,
        EvaluationReport heldOut) {

    /** The same provenance with held-out scores attached (they are measured after training). */
    public ModelInfo withHeldOut(EvaluationReport report) {
        return new ModelInfo(version, trainedAt, dataSha256, examples, groups, topics, parameters, report);
    }
}
