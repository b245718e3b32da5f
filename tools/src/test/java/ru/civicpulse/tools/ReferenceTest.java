package ru.civicpulse.tools;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceTest {
    private static final String LINE = "200000 records sent, 41234.5 records/sec (40.27 MB/sec), 612.3 ms avg latency, "
            + "1203.0 ms max latency, 580 ms 50th, 1100 ms 95th, 1180 ms 99th, 1200 ms 99.9th.";

    @Test
    void readsTheRateFromProducerPerformancesSummaryLine() {
        Optional<Reference> r = Reference.parse(LINE + "\n");
        assertThat(r).isPresent();
        assertThat(r.get().recordsPerSecond()).isEqualTo(41234.5);
        assertThat(r.get().line()).isEqualTo(LINE);
        assertThat(Reference.parse("Exception in thread main")).isEmpty();
        assertThat(Reference.parse(null)).isEmpty();
    }

    @Test
    void printsAMeasurementNextToTheReferenceWithTheirRatio() {
        assertThat(Reference.compare("single-message intake", 850, Reference.parse(LINE)))
                .isEqualTo("single-message intake: 850 msg/s | Kafka ProducerPerformance 41,235 records/s | ratio 2.1%");
        assertThat(Reference.compare("re-classification", 120.4, Optional.empty()))
                .isEqualTo("re-classification: 120 msg/s | Kafka ProducerPerformance not measured");
    }

    @Test
    void ratiosKeepTwoSignificantDigitsWhenSmall() {
        assertThat(Reference.ratio(20_000, 40_000)).isEqualTo("50%");
        assertThat(Reference.ratio(380, 40_000)).isEqualTo("0.95%");
        assertThat(Reference.ratio(38, 40_000)).isEqualTo("0.095%");
        assertThat(Reference.ratio(1_000, 40_000)).isEqualTo("2.5%");
        assertThat(Reference.ratio(0, 40_000)).isEqualTo("0%");
        assertThat(Reference.ratio(100, 0)).isEqualTo("n/a");
    }
}
