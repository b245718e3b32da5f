package ru.civicpulse.classifier;

/**
 * Calibration of decision values: the softmax temperature fitted by likelihood, and the expected
 * calibration error of top-label confidences. The confidence map that corrects the top label's
 * probability is {@link ConfidenceMap}.
 */
final class Calibration {
    static final int ECE_BINS = 15;

    private Calibration() {
    }

    /** Softmax of decisions / t; with {@code groupOf}, only over the classes of group {@code g} (others 0). */
    static double[] softmax(float[] d, double t, int[] groupOf, int g) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < d.length; k++) {
            if (groupOf == null || groupOf[k] == g) {
                max = Math.max(max, d[k]);
            }
        }
        double[] p = new double[d.length];
        double sum = 0;
        for (int k = 0; k < d.length; k++) {
            if (groupOf == null || groupOf[k] == g) {
                p[k] = Math.exp((d[k] - max) / t);
                sum += p[k];
            }
        }
        for (int k = 0; k < d.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /**
     * The temperature minimising the negative log-likelihood of the gold classes (golden-section
     * search on log t within 0.005..5). With {@code groupOf}, the softmax runs over the gold class's
     * group only (the topic layer of a two-level model).
     */
    static double fitTemperature(float[][] decisions, int[] gold, int[] groupOf) {
        double lo = Math.log(0.005);
        double hi = Math.log(5);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(decisions, gold, groupOf, Math.exp(a));
        double fb = nll(decisions, gold, groupOf, Math.exp(b));
        for (int i = 0; i < 40; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(decisions, gold, groupOf, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(decisions, gold, groupOf, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        return Math.round(t * 1e6) / 1e6;
    }

    private static double nll(float[][] decisions, int[] gold, int[] groupOf, double t) {
        double total = 0;
        for (int i = 0; i < decisions.length; i++) {
            float[] d = decisions[i];
            int y = gold[i];
            int g = groupOf == null ? -1 : groupOf[y];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < d.length; k++) {
                if (g < 0 || groupOf[k] == g) {
                    max = Math.max(max, d[k]);
                }
            }
            double sum = 0;
            for (int k = 0; k < d.length; k++) {
                if (g < 0 || groupOf[k] == g) {
                    sum += Math.exp((d[k] - max) / t);
                }
            }
            total += Math.log(sum) - (d[y] - max) / t;
        }
        return total;
    }

    /** Expected calibration error of top-1 confidences: {@value #ECE_BINS} equal-width bins, weighted by size. */
    static double ece(double[] confidence, int[] predicted, int[] gold) {
        int n = confidence.length;
        double[] conf = new double[ECE_BINS];
        double[] hits = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < n; i++) {
            int b = Math.min(ECE_BINS - 1, (int) (confidence[i] * ECE_BINS));
            conf[b] += confidence[i];
            hits[b] += predicted[i] == gold[i] ? 1 : 0;
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (count[b] > 0) {
                e += Math.abs(hits[b] - conf[b]) / n;
            }
        }
        return e;
    }
}
