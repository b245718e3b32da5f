package ru.civicpulse.classifier;

/**
 * The one weighting of a text's counted features, used both to build the rows training fits on
 * ({@link TrainingVectors#vectorise}) and to vectorise a text at prediction time
 * ({@link TopicModel}): sublinear term frequency (1 + ln tf) times the stored IDF (which already
 * holds the block weight and the naive-Bayes scale), and the inverse L2 norm of the result. Sharing
 * it keeps the two sides from drifting apart.
 */
final class TfIdf {
    /** 1 + ln tf for the counts most features have, computed once. */
    private static final float[] SUBLINEAR = new float[64];

    static {
        for (int i = 1; i < SUBLINEAR.length; i++) {
            SUBLINEAR[i] = (float) (1 + Math.log(i));
        }
    }

    private TfIdf() {
    }

    /**
     * Weights of {@code n} features: {@code values[j] = (1 + ln counts[j]) × idf[features[j]]}.
     * Returns the inverse L2 norm of those weights (0 for an empty text); the caller multiplies by
     * it (training) or folds it into the dot products (prediction).
     */
    static float weigh(int[] features, int[] counts, int n, float[] idf, float[] values) {
        double norm2 = 0;
        for (int j = 0; j < n; j++) {
            int c = counts[j];
            float v = (c < SUBLINEAR.length ? SUBLINEAR[c] : (float) (1 + Math.log(c))) * idf[features[j]];
            values[j] = v;
            norm2 += v * v;
        }
        return norm2 > 0 ? (float) (1 / Math.sqrt(norm2)) : 0f;
    }
}
