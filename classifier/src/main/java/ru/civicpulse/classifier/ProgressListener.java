package ru.civicpulse.classifier;

/** Receives coarse progress of long runs (training, evaluation): a stage name and 0..1 within it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, fraction) -> { };

    void progress(String stage, double fraction);
}
