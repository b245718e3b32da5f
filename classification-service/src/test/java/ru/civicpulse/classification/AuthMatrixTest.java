package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.civicpulse.common.Roles;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint against no token, each broken token and each role. */
@QuarkusTest
class AuthMatrixTest {

    record Endpoint(String name, Set<String> allowed, Function<RequestSpecification, io.restassured.response.Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Set<String> ALL = Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL, Roles.INGEST_CLIENT);

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET /api/v1/models", Set.of(Roles.REGION_ADMIN), r -> r.get("/api/v1/models")),
            new Endpoint("POST /api/v1/models", Set.of(Roles.REGION_ADMIN), r -> r
                    .multiPart("file", TrainingData.csv(1).toFile(), "text/csv")
                    .multiPart("textColumn", "message").multiPart("labelColumn", "missing-column")
                    .post("/api/v1/models")),
            new Endpoint("GET /api/v1/models/jobs/{id}", Set.of(Roles.REGION_ADMIN), r -> r.get("/api/v1/models/jobs/" + UUID.randomUUID())),
            new Endpoint("POST /api/v1/models/{version}/activate", Set.of(Roles.REGION_ADMIN),
                    r -> r.post("/api/v1/models/no-such-version/activate")),
            new Endpoint("POST /api/v1/classify", Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL),
                    r -> r.contentType(ContentType.JSON).body(Map.of("text", "Нет горячей воды")).post("/api/v1/classify")),
            new Endpoint("GET /api/v1/taxonomy", ALL, r -> r.get("/api/v1/taxonomy")),
            new Endpoint("POST /api/v1/reclassify", Set.of(Roles.REGION_ADMIN), r -> r.contentType(ContentType.JSON)
                    .body(Map.of("from", "1990-01-01T00:00:00Z", "to", "1990-01-02T00:00:00Z")).post("/api/v1/reclassify")),
            new Endpoint("GET /api/v1/reclassify/jobs/{id}", Set.of(Roles.REGION_ADMIN),
                    r -> r.get("/api/v1/reclassify/jobs/" + UUID.randomUUID())));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            cases.add(Arguments.of(e, "no token", null, 401));
            for (Tokens.Bad bad : Tokens.Bad.values()) {
                cases.add(Arguments.of(e, "bad token " + bad, Tokens.bad(bad), 401));
            }
            for (Map.Entry<String, String> role : Map.of(
                    Roles.REGION_ANALYST, Tokens.regionAnalyst(),
                    Roles.REGION_ADMIN, Tokens.regionAdmin(),
                    Roles.CITY_OFFICIAL, Tokens.cityOfficial("voronezh"),
                    Roles.INGEST_CLIENT, Tokens.ingestClient()).entrySet()) {
                cases.add(Arguments.of(e, role.getKey(), role.getValue(), e.allowed().contains(role.getKey()) ? 0 : 403));
            }
            // roles count only from their own issuer: none of these roles is granted by that realm
            cases.add(Arguments.of(e, "city token with region roles", Tokens.token(TestIssuer.CITY, "city-intruder",
                    Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN), List.of("voronezh")), 403));
            cases.add(Arguments.of(e, "region token with city-official", Tokens.token(TestIssuer.REGION, "region-intruder",
                    Set.of(Roles.CITY_OFFICIAL), List.of("voronezh")), 403));
            // ingest-client may come from either organisation
            cases.add(Arguments.of(e, "city token with ingest-client", Tokens.token(TestIssuer.CITY, "city-feeder",
                    Set.of(Roles.INGEST_CLIENT), List.of()), e.allowed().contains(Roles.INGEST_CLIENT) ? 0 : 403));
        }
        return cases.stream();
    }

    /** {@code expected} 0 means "let in": anything but 401/403 (the request itself may be refused further on). */
    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void access(Endpoint endpoint, String who, String token, int expected) {
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        int status = endpoint.call().apply(request).statusCode();
        if (expected == 0) {
            assertThat(status).isNotIn(401, 403).isLessThan(500);
        } else {
            assertThat(status).isEqualTo(expected);
        }
    }
}
