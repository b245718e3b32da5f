package ru.civicpulse.testsupport;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What every service's rate-limit test checks, against the service under test (RestAssured's base URI). */
public final class RateLimits {
    private RateLimits() {
    }

    /** Spends a client's whole budget of {@link LowRateLimitsProfile#REQUESTS}: each call must be answered {@code status}. */
    public static void spendBudget(Supplier<Response> call, int status) {
        for (int i = 0; i < LowRateLimitsProfile.REQUESTS; i++) {
            assertThat(call.get().statusCode()).as("request %d within the budget", i + 1).isEqualTo(status);
        }
    }

    /** The answer to a request over the budget: 429 problem+json with a {@code Retry-After} within the hour. */
    public static void assertTooManyRequests(Response response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Too Many Requests");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(429);
        // the budget refills over an hour: the next request is possible within that hour
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 3600L);
        System.out.printf("429 answered with Retry-After %s s: %s%n", response.header("Retry-After"), response.jsonPath().getString("detail"));
    }

    /** Requests refused so far for {@code limitClass}, from the service's metrics. */
    public static double refused(String service, String limitClass) {
        return Metrics.value(RestAssured.get("/q/metrics").asString(), "civicpulse_rate_limited_total",
                Map.of("service", service, "class", limitClass));
    }
}
