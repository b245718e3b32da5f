package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfidenceMapTest {

    /** Predictions whose top label is right with probability confidence³: an overconfident model. */
    private static double[][] overconfident(int n, long seed) {
        Random random = new Random(seed);
        double[] confidence = new double[n];
        double[] hit = new double[n];
        for (int i = 0; i < n; i++) {
            confidence[i] = 0.2 + 0.8 * random.nextDouble();
            hit[i] = random.nextDouble() < Math.pow(confidence[i], 3) ? 1 : 0;
        }
        return new double[][] {confidence, hit};
    }

    private static boolean[] hits(double[] h) {
        boolean[] b = new boolean[h.length];
        for (int i = 0; i < h.length; i++) {
            b[i] = h[i] > 0;
        }
        return b;
    }

    private static double ece(double[] confidence, boolean[] hit) {
        int[] predicted = new int[confidence.length];
        int[] gold = new int[confidence.length];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = hit[i] ? 0 : 1;
        }
        return Calibration.ece(confidence, predicted, gold);
    }

    @Test
    void mapFittedOnHeldOutPredictionsMatchesTheHitRateOfNewOnes() {
        double[][] fit = overconfident(5000, 1);
        ConfidenceMap map = ConfidenceMap.fit(fit[0], hits(fit[1]));
        double[][] fresh = overconfident(20000, 2);
        double[] mapped = new double[fresh[0].length];
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = map.apply(fresh[0][i]);
        }
        double before = ece(fresh[0], hits(fresh[1]));
        double after = ece(mapped, hits(fresh[1]));
        System.out.printf("ECE of new predictions: raw %.4f, mapped %.4f (%d points)%n", before, after, map.raw().length);
        assertThat(before).isGreaterThan(0.15);
        assertThat(after).isLessThan(0.02);
        assertThat(map.apply(0.9)).isCloseTo(Math.pow(0.9, 3), within(0.06));
        assertThat(map.raw().length).isBetween(2, ConfidenceMap.MAX_POINTS);
    }

    @Test
    void mapIsMonotoneAndFlatOutsideItsPoints() {
        double[][] fit = overconfident(3000, 3);
        ConfidenceMap map = ConfidenceMap.fit(fit[0], hits(fit[1]));
        double previous = -1;
        for (double p = 0; p <= 1.0; p += 0.001) {
            double v = map.apply(p);
            assertThat(v).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = v;
        }
        assertThat(map.apply(0.0)).isEqualTo(map.calibrated()[0]);
        assertThat(map.apply(1.0)).isEqualTo(map.calibrated()[map.calibrated().length - 1]);
    }

    @Test
    void fewPredictionsGiveFewPointsEachRestingOnSeveral() {
        double[][] fit = overconfident(100, 4);
        ConfidenceMap map = ConfidenceMap.fit(fit[0], hits(fit[1]));
        assertThat(map.raw().length).isLessThanOrEqualTo(100 / ConfidenceMap.MIN_BLOCK);
    }
}
