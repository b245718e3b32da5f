package ru.civicpulse.classification.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.MessageClassified;

import java.time.Duration;

/** Domain metrics at {@code /q/metrics} (Prometheus names get {@code _total}, {@code _seconds} suffixes). */
@Startup
@ApplicationScoped
public class ClassificationMetrics {

    @Inject
    MeterRegistry registry;

    private Counter classified;
    private Counter needsReview;
    private Timer analysis;
    private Timer lag;
    private DistributionSummary confidence;

    @PostConstruct
    void init() {
        classified = Counter.builder("civicpulse.classification.classified").description("Messages classified").register(registry);
        needsReview = Counter.builder("civicpulse.classification.needs.review").description("Results flagged for review").register(registry);
        analysis = Timer.builder("civicpulse.classification.analysis").description("Time to analyse one message")
                .publishPercentileHistogram().register(registry);
        lag = Timer.builder("civicpulse.classification.lag").description("From ingestion to classification")
                .publishPercentileHistogram().register(registry);
        confidence = DistributionSummary.builder("civicpulse.classification.confidence").description("Top topic confidence")
                .serviceLevelObjectives(0.2, 0.4, 0.5, 0.6, 0.8, 0.9).register(registry);
    }

    public Timer analysisTimer() {
        return analysis;
    }

    public void classified(MessageClassified result) {
        classified.increment();
        registry.counter("civicpulse.classification.by.group", "group", result.topic().group()).increment();
        confidence.record(result.topic().confidence());
        if (result.needsReview()) {
            needsReview.increment();
        }
        if (result.receivedAt() != null) {
            Duration d = Duration.between(result.receivedAt(), result.classifiedAt());
            if (!d.isNegative()) {
                lag.record(d);
            }
        }
    }

    public void deadLettered(String channel) {
        registry.counter("civicpulse.classification.dead.lettered", "channel", channel).increment();
    }
}
