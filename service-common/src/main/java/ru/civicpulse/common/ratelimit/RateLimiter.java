package ru.civicpulse.common.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import ru.civicpulse.common.ApplicationName;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per client and endpoint class (Bucket4j, in memory, per service instance),
 * kept in a size-bounded cache. A bucket left alone for its whole period is full again, so it is
 * dropped after that long without use: a client that comes back starts with what it would have had.
 * Refusals are counted in {@code civicpulse_rate_limited_total{service,class}}.
 */
@ApplicationScoped
public class RateLimiter {
    static final String METRIC = "civicpulse.rate.limited";

    private final RateLimitConfig config;
    private final Map<RateLimitClass, Cache<String, Bucket>> buckets = new EnumMap<>(RateLimitClass.class);
    private final Map<RateLimitClass, Counter> refused = new EnumMap<>(RateLimitClass.class);

    @Inject
    public RateLimiter(RateLimitConfig config, MeterRegistry registry, ApplicationName application) {
        this.config = config;
        for (RateLimitClass limitClass : RateLimitClass.values()) {
            Rate rate = config.rate(limitClass);
            buckets.put(limitClass, Caffeine.newBuilder()
                    .maximumSize(config.maxClients())
                    .expireAfterAccess(rate.period())
                    .build());
            refused.put(limitClass, Counter.builder(METRIC)
                    .description("Requests refused with 429 because the client exceeded its rate limit")
                    .tag("service", application.name())
                    .tag("class", limitClass.tag())
                    .register(registry));
        }
    }

    /** Creates the counters when the service starts, so they read 0 until the first refusal. */
    void start(@Observes StartupEvent event) {
        buckets.size();
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Rate rate(RateLimitClass limitClass) {
        return config.rate(limitClass);
    }

    /**
     * Spends one request of {@code client}'s budget in {@code limitClass}: empty if allowed, otherwise
     * the seconds until the next request would be allowed (at least 1).
     */
    public OptionalLong tryAcquire(RateLimitClass limitClass, String client) {
        Bucket bucket = buckets.get(limitClass).get(client, key -> newBucket(config.rate(limitClass)));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        refused.get(limitClass).increment();
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    }

    /** How many clients' budgets {@code limitClass} holds now (an estimate, for tests and diagnostics). */
    public long trackedClients(RateLimitClass limitClass) {
        Cache<String, Bucket> cache = buckets.get(limitClass);
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static Bucket newBucket(Rate rate) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.requests()).refillGreedy(rate.requests(), rate.period()))
                .build();
    }
}
