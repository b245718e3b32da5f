package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.fuzz.FieldKind;
import ru.civicpulse.testsupport.fuzz.FuzzDriver;
import ru.civicpulse.testsupport.fuzz.FuzzResult;
import ru.civicpulse.testsupport.fuzz.FuzzTarget;
import ru.civicpulse.testsupport.fuzz.RequestFuzzer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated malformed requests ({@code fuzz.requests} per endpoint, default 10,000) to every public
 * endpoint of the service: none answers 5xx or without a problem+json body (but the HTTP server's
 * own 414 for request lines over 4 KB), no error body names an implementation detail, and the
 * service stays ready throughout.
 */
@QuarkusTest
class RequestFuzzTest {
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    /** Paths only a region admin may write: fuzzed with an admin's token so that the bodies are read. */
    static final List<String> ADMIN_WRITES = List.of("/api/v1/executors", "/api/v1/routing/");

    static List<FuzzTarget> targets() {
        FieldKind date = FieldKind.date();
        FieldKind municipality = FieldKind.code("voronezh", "novovoronezh");
        FieldKind group = FieldKind.code("roads", "waste", "housing-utilities");
        List<FuzzTarget> targets = new ArrayList<>();
        for (String read : List.of("/api/v1/analytics/topics", "/api/v1/analytics/timeseries", "/api/v1/analytics/alerts",
                "/api/v1/analytics/responses", "/api/v1/analytics/comparison", "/api/v1/analytics/methodology",
                "/api/v1/analytics/executors",
                "/api/v1/incidents", "/api/v1/messages", "/api/v1/external-stats", "/api/v1/reports", "/api/v1/briefs", "/api/v1/me",
                "/api/v1/executors", "/api/v1/routing/rules", "/api/v1/routing/proposals", "/api/v1/workspace/taxonomy")) {
            targets.add(FuzzTarget.none("GET", read));
        }
        targets.add(FuzzTarget.none("GET", "/api/v1/reports/{id}").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.none("GET", "/api/v1/analytics/executors/{id}/overdue").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.none("GET", "/api/v1/reports/{id}/document").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.json("POST", "/api/v1/reports")
                .field("from", date).field("to", FieldKind.date()).field("municipality", municipality));
        targets.add(FuzzTarget.none("GET", "/api/v1/briefs/{id}").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.none("GET", "/api/v1/briefs/{id}/document").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.json("POST", "/api/v1/briefs")
                .field("from", date).field("to", FieldKind.date()).field("municipality", municipality)
                .field("group", group).field("executor", FieldKind.uuid()));
        targets.add(FuzzTarget.json("POST", "/api/v1/messages/{id}/correction").pathParam("id", FieldKind.uuid())
                .field("group", group).field("topic", FieldKind.code("roads/potholes")));
        FieldKind incident = FieldKind.code("scope-inc", "fuzz-incident");
        targets.add(FuzzTarget.none("GET", "/api/v1/incidents/{key}").pathParam("key", incident));
        targets.add(FuzzTarget.json("POST", "/api/v1/incidents/{key}/transitions").pathParam("key", incident)
                .field("to", FieldKind.code("IN_PROGRESS", "DECISION_TAKEN", "RESOLVED", "REJECTED"))
                .field("from", FieldKind.code("NEW", "IN_PROGRESS")).field("comment", FieldKind.text("Взято в работу")));
        targets.add(FuzzTarget.none("GET", "/open311/v2/services.json"));
        targets.add(FuzzTarget.none("GET", "/open311/v2/requests.json"));
        targets.add(FuzzTarget.none("GET", "/open311/v2/requests/{id}.json").pathParam("id", incident));
        targets.add(FuzzTarget.none("GET", "/api/v1/messages/{id}").pathParam("id", FieldKind.uuid()));
        // the directory's writes run as a region admin (see ADMIN_WRITES); rules name random executors, so none is created
        FieldKind kind = FieldKind.code("DEPARTMENT", "UTILITY", "MANAGEMENT_COMPANY");
        targets.add(FuzzTarget.none("GET", "/api/v1/executors/{id}").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.json("POST", "/api/v1/executors").field("municipality", FieldKind.code("novovoronezh"))
                .field("name", FieldKind.text("МКП «Проверочное»")).field("kind", kind).field("defaultDeadlineHours", FieldKind.integer(72)));
        targets.add(FuzzTarget.json("PUT", "/api/v1/executors/{id}").pathParam("id", FieldKind.uuid())
                .field("name", FieldKind.text("МКП «Проверочное»")).field("kind", kind));
        targets.add(FuzzTarget.none("GET", "/api/v1/routing/rules/{id}").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.json("POST", "/api/v1/routing/rules").field("municipality", municipality)
                .field("executorId", FieldKind.uuid()).field("group", group).field("topic", FieldKind.code("roads/potholes"))
                .field("district", FieldKind.code("leninsky")).field("addressFragment", FieldKind.text("ул. Ленина"))
                .field("priority", FieldKind.integer(5)).field("default", FieldKind.bool()));
        targets.add(FuzzTarget.none("DELETE", "/api/v1/routing/rules/{id}").pathParam("id", FieldKind.uuid()));
        // rebuilds are fuzzed with an analyst's token, which is refused: a fuzzed rebuild would empty the read model
        targets.add(FuzzTarget.none("POST", "/api/v1/read-model/rebuilds"));
        targets.add(FuzzTarget.none("GET", "/api/v1/read-model/rebuilds/{id}").pathParam("id", FieldKind.uuid()));
        targets.add(FuzzTarget.json("PUT", "/api/v1/external-stats/{source}").pathParam("source", FieldKind.code("fuzz-source"))
                .field("periodStart", date).field("periodEnd", FieldKind.date()).field("municipality", municipality)
                .field("group", group).field("count", FieldKind.integer(5)));
        return targets;
    }

    @Test
    void noMalformedRequestBreaksTheService() {
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        String token = Tokens.token(TestIssuer.REGION, "fuzz-" + UUID.randomUUID(), Set.of("region-analyst"), List.of());
        String admin = Tokens.token(TestIssuer.REGION, "fuzz-admin-" + UUID.randomUUID(), Set.of("region-admin"), List.of());
        List<FuzzResult> results = new ArrayList<>();
        long started = System.nanoTime();
        long seed = 20261206;
        for (FuzzTarget target : targets()) {
            boolean adminWrite = !target.method().equals("GET") && ADMIN_WRITES.stream().anyMatch(target.path()::startsWith);
            FuzzResult r = FuzzDriver.to(base).bearer(adminWrite ? admin : token).concurrency(4)
                    .run(new RequestFuzzer(seed++, target).hugeShare(0.005), REQUESTS);
            System.out.println(r.report());
            results.add(r);
            given().get("/q/health/ready").then().statusCode(200);
        }
        System.out.printf("fuzz: %d endpoints x %d requests in %.1f s%n", results.size(), REQUESTS,
                (System.nanoTime() - started) / 1e9);
        results.forEach(r -> System.out.println("  " + r.summary()));
        for (FuzzResult r : results) {
            assertThat(r.serverErrorCount()).as(r.report()).isZero();
            // a request line over 4 KB is refused by the HTTP server before any application code: 414, no body
            assertThat(r.notProblemJson()).as(r.target()).allMatch(e -> e.startsWith("414 "));
            assertThat(r.leaks()).as(r.target()).isEmpty();
            // fuzzed requests that a rate limit refused unread would prove nothing about the endpoint
            assertThat(r.count(429)).as(r.target()).isLessThan(r.requests() / 100);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
