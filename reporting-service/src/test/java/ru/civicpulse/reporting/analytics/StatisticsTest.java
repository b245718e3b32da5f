package ru.civicpulse.reporting.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** percentile_cont as PostgreSQL computes it: position p × (n − 1), linear between neighbours. */
class StatisticsTest {

    @Test
    void percentileContInterpolatesBetweenNeighbours() {
        int[] hours = {1, 2, 3, 0};
        assertThat(Statistics.percentileCont(hours, 3, 0.5)).isEqualTo(2.0);
        assertThat(Statistics.percentileCont(hours, 3, 0.9)).isCloseTo(2.8, within(1e-12));
        assertThat(Statistics.percentileCont(new int[]{10, 20, 30, 40}, 4, 0.5)).isEqualTo(25.0);
        assertThat(Statistics.percentileCont(new int[]{7}, 1, 0.9)).isEqualTo(7.0);
        assertThat(Statistics.percentileCont(new int[0], 0, 0.5)).isNull();
    }
}
