package ru.civicpulse.reporting.readmodel;

/** What model_rollup adds up for a key: messages, how many need review, their confidences in millionths. */
record ModelDelta(long messages, long needsReview, long confidenceMicros) {

    static ModelDelta of(ReadModelRepository.Model model, int delta) {
        return new ModelDelta(delta, model.needsReview() ? delta : 0, delta * model.confidenceMicros());
    }

    ModelDelta plus(ModelDelta o) {
        return new ModelDelta(messages + o.messages, needsReview + o.needsReview, confidenceMicros + o.confidenceMicros);
    }

    boolean isZero() {
        return messages == 0 && needsReview == 0 && confidenceMicros == 0;
    }
}
