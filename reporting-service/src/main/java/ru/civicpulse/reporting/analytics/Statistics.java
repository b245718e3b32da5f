package ru.civicpulse.reporting.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The few statistics the analytics need, kept here so they are tested once. */
public final class Statistics {
    private Statistics() {
    }

    /**
     * PostgreSQL's {@code percentile_cont(p)}: the value at position {@code p × (n − 1)} of the
     * ascending {@code sorted[0..n)}, interpolated linearly between its neighbours; null when n is 0.
     */
    public static Double percentileCont(int[] sorted, int n, double p) {
        if (n == 0) {
            return null;
        }
        double position = p * (n - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, n - 1);
        return sorted[lower] + (position - lower) * ((double) sorted[upper] - sorted[lower]);
    }

    /** P(X >= k) for X ~ Poisson(lambda), summed directly over the upper tail (accurate for tiny tails). */
    public static double poissonUpperTail(long k, double lambda) {
        if (k <= 0) {
            return 1.0;
        }
        if (lambda <= 0) {
            return 0.0;
        }
        double logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
        double term = Math.exp(logTerm);
        double sum = 0;
        for (long i = k; i < k + 100_000; i++) {
            sum += term;
            term *= lambda / (i + 1);
            if (term < sum * 1e-15 && i + 1 > lambda) {
                break;
            }
        }
        return Math.min(1.0, sum);
    }

    static double logFactorial(long n) {
        if (n < 256) {
            double s = 0;
            for (long i = 2; i <= n; i++) {
                s += Math.log(i);
            }
            return s;
        }
        // Stirling series: exact to double precision at this size
        double x = n;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    /**
     * Spearman rank correlation of paired values (ties get their average rank). Null when fewer than
     * two pairs or when either side is constant.
     */
    public static Double spearman(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            return null;
        }
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] values) {
        int n = values.length;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order.get(j + 1)] == values[order.get(i)]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order.get(k)] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    static Double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            return null;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Relative change, null when there is nothing to compare with. */
    public static Double change(long current, long previous) {
        return previous == 0 ? null : (current - previous) / (double) previous;
    }

    public static double share(long part, long total) {
        return total == 0 ? 0.0 : part / (double) total;
    }
}
