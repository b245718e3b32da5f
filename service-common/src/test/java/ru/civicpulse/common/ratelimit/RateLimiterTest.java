package ru.civicpulse.common.ratelimit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limiter itself, without a service: budgets, Retry-After, bounded memory, the rate syntax. */
class RateLimiterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aClientGetsItsBudgetThenWaitsWhileOthersAndOtherClassesGoOn() {
        RateLimiter limiter = new RateLimiter(config(Rate.valueOf("5/1m"), 1000), registry, () -> "test-service");
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(RateLimitClass.INTAKE, "a")).as("request %d", i + 1).isEmpty();
        }
        OptionalLong retryAfter = limiter.tryAcquire(RateLimitClass.INTAKE, "a");
        // one request comes back every 12 s
        assertThat(retryAfter).isPresent();
        assertThat(retryAfter.getAsLong()).isBetween(1L, 12L);
        assertThat(limiter.tryAcquire(RateLimitClass.INTAKE, "b")).isEmpty();
        assertThat(limiter.tryAcquire(RateLimitClass.IMPORTS, "a")).isEmpty();
        assertThat(registry.get(RateLimiter.METRIC).tag("service", "test-service").tag("class", "intake").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(RateLimiter.METRIC).tag("class", "imports").counter().count()).isZero();
    }

    @Test
    void aFloodOfDistinctClientsKeepsOnlyTheConfiguredNumberOfBudgets() {
        int maxClients = 10_000;
        RateLimiter limiter = new RateLimiter(config(Rate.valueOf("5000/1s"), maxClients), registry, () -> "test-service");
        int flood = 500_000;
        long start = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            limiter.tryAcquire(RateLimitClass.INTAKE, "client-" + i);
        }
        long nanos = System.nanoTime() - start;
        System.out.printf("%d distinct clients: %.0f ns per request, %d budgets kept (max-clients %d)%n",
                flood, (double) nanos / flood, limiter.trackedClients(RateLimitClass.INTAKE), maxClients);
        assertThat(limiter.trackedClients(RateLimitClass.INTAKE)).isLessThanOrEqualTo(maxClients);

        // a known client: the common case
        int known = 500_000;
        start = System.nanoTime();
        for (int i = 0; i < known; i++) {
            limiter.tryAcquire(RateLimitClass.CLASSIFY, "client-" + (i % 1000));
        }
        System.out.printf("%d requests of 1,000 known clients: %.0f ns per request%n", known, (double) (System.nanoTime() - start) / known);
    }

    @Test
    void ratesAreWrittenAsRequestsPerPeriod() {
        assertThat(Rate.valueOf("5000/1s")).isEqualTo(new Rate(5000, Duration.ofSeconds(1)));
        assertThat(Rate.valueOf(" 30 / 1m ")).isEqualTo(new Rate(30, Duration.ofMinutes(1)));
        assertThat(Rate.valueOf("10/PT1H")).isEqualTo(new Rate(10, Duration.ofHours(1)));
        for (String bad : new String[]{"", "100", "/1s", "100/", "0/1s", "-1/1s", "10/0s", "ten/1s", "10/soon"}) {
            assertThatThrownBy(() -> Rate.valueOf(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static RateLimitConfig config(Rate rate, int maxClients) {
        return new RateLimitConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Rate intake() {
                return rate;
            }

            @Override
            public Rate reportOrders() {
                return rate;
            }

            @Override
            public Rate classify() {
                return rate;
            }

            @Override
            public Rate imports() {
                return rate;
            }

            @Override
            public int maxClients() {
                return maxClients;
            }
        };
    }
}
