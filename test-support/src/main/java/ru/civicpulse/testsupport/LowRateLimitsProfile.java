package ru.civicpulse.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * A test profile with rate limits small enough to reach in a test: every endpoint class allows
 * {@link #REQUESTS} requests per client per hour. The module's global test resources stay as they are.
 */
public class LowRateLimitsProfile implements QuarkusTestProfile {
    /** Requests each client may make per endpoint class in this profile before it gets 429. */
    public static final int REQUESTS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        String rate = REQUESTS + "/1h";
        return Map.of(
                "civicpulse.rate-limit.intake", rate,
                "civicpulse.rate-limit.imports", rate,
                "civicpulse.rate-limit.classify", rate,
                "civicpulse.rate-limit.report-orders", rate);
    }
}
