package ru.civicpulse.classifier;

import java.util.Arrays;

/**
 * A monotone map from the top label's softmax probability to the probability that the label is
 * right, fitted by isotonic regression on held-out predictions. A softmax temperature rescales
 * every decision value alike and is fitted by likelihood over all classes; with 125 classes the
 * top label's probability still strays far from its hit rate (ECE above 0.2), while a map of the
 * top probability alone follows it however the model's scores are shaped.
 *
 * <p>{@code raw[i]} are the mean raw confidences of the isotonic blocks (rising), {@code
 * calibrated[i]} their hit rates (non-decreasing); between two points the map is linear, outside
 * them flat.
 */
record ConfidenceMap(double[] raw, double[] calibrated) {
    /** Fewer held-out predictions than this per block: blocks are merged, so no point rests on a handful. */
    static final int MIN_BLOCK = 20;
    /** At most this many points: finer steps would follow the noise of the held-out set. */
    static final int MAX_POINTS = 50;

    double apply(double p) {
        int i = Arrays.binarySearch(raw, p);
        if (i >= 0) {
            return calibrated[i];
        }
        int hi = -i - 1;
        if (hi == 0) {
            return calibrated[0];
        }
        if (hi == raw.length) {
            return calibrated[raw.length - 1];
        }
        int lo = hi - 1;
        double f = (p - raw[lo]) / (raw[hi] - raw[lo]);
        return calibrated[lo] + f * (calibrated[hi] - calibrated[lo]);
    }

    /**
     * Pool-adjacent-violators over the predictions sorted by confidence, then adjacent blocks
     * merged until each holds at least max({@value #MIN_BLOCK}, n / {@value #MAX_POINTS})
     * predictions (merging neighbours of a monotone sequence keeps it monotone).
     */
    static ConfidenceMap fit(double[] confidence, boolean[] hit) {
        int n = confidence.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(confidence[a], confidence[b]));
        // blocks as running sums: confidence, hits, count
        double[] sumC = new double[n];
        double[] sumH = new double[n];
        int[] count = new int[n];
        int blocks = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            sumC[blocks] = confidence[i];
            sumH[blocks] = hit[i] ? 1 : 0;
            count[blocks] = 1;
            blocks++;
            while (blocks > 1 && sumH[blocks - 2] / count[blocks - 2] >= sumH[blocks - 1] / count[blocks - 1]) {
                blocks = merge(sumC, sumH, count, blocks, blocks - 2);
            }
        }
        int minBlock = Math.max(MIN_BLOCK, n / MAX_POINTS);
        for (int b = 0; b < blocks; ) {
            if (count[b] >= minBlock || blocks == 1) {
                b++;
            } else if (b + 1 < blocks && (b == 0 || count[b + 1] <= count[b - 1])) {
                blocks = merge(sumC, sumH, count, blocks, b);
            } else {
                blocks = merge(sumC, sumH, count, blocks, b - 1);
                b--;
            }
        }
        double[] raw = new double[blocks];
        double[] calibrated = new double[blocks];
        int kept = 0;
        for (int b = 0; b < blocks; b++) {
            double c = sumC[b] / count[b];
            if (kept > 0 && c <= raw[kept - 1]) {
                continue; // equal mean confidences (ties): the first block stands for them
            }
            raw[kept] = c;
            calibrated[kept++] = sumH[b] / count[b];
        }
        return new ConfidenceMap(Arrays.copyOf(raw, kept), Arrays.copyOf(calibrated, kept));
    }

    /** Merges block {@code b} with {@code b + 1}; returns the new number of blocks. */
    private static int merge(double[] sumC, double[] sumH, int[] count, int blocks, int b) {
        sumC[b] += sumC[b + 1];
        sumH[b] += sumH[b + 1];
        count[b] += count[b + 1];
        System.arraycopy(sumC, b + 2, sumC, b + 1, blocks - b - 2);
        System.arraycopy(sumH, b + 2, sumH, b + 1, blocks - b - 2);
        System.arraycopy(count, b + 2, count, b + 1, blocks - b - 2);
        return blocks - 1;
    }
}
