package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
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

/** Every endpoint against no token, every broken token and every role. */
@QuarkusTest
class AuthMatrixTest {
    private static final String STORED = "auth-matrix-" + UUID.randomUUID();

    enum Endpoint {
        SUBMIT(r -> r.contentType(ContentType.JSON).body(Api.message(Api.unique("auth"), "Текст")).post("/api/v1/messages").statusCode()),
        READ(r -> {
            storeTheMessageToRead();
            return r.get("/api/v1/messages/" + Api.apiId(STORED)).statusCode();
        }),
        IMPORT(r -> r.multiPart("file", "x.csv", "Номер инцидента;Дата создания;Текст инцидента;Муниципалитет\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), "text/csv").post("/api/v1/imports").statusCode()),
        VK(r -> r.contentType(ContentType.JSON).body("{\"type\": \"group_join\", \"event_id\": \"" + UUID.randomUUID()
                + "\", \"group_id\": 1000001, \"secret\": \"test-vk-secret\", \"object\": {}}").post("/webhooks/vk/demo").statusCode()),
        TELEGRAM(r -> r.contentType(ContentType.JSON).header("X-Telegram-Bot-Api-Secret-Token", "test-telegram-secret")
                .body("{\"update_id\": " + System.nanoTime() + ", \"poll\": {}}").post("/webhooks/telegram/demo").statusCode());

        final Function<RequestSpecification, Integer> call;

        Endpoint(Function<RequestSpecification, Integer> call) {
            this.call = call;
        }
    }

    private static final Map<String, String> ROLES = Map.of(
            "ingest-client", Tokens.ingestClient(),
            "region-admin", Tokens.regionAdmin(),
            "region-analyst", Tokens.regionAnalyst(),
            "city-official", Tokens.cityOfficial("voronezh"));

    /** Expected status per endpoint and role; webhooks ignore tokens altogether. */
    private static int expected(Endpoint endpoint, String role) {
        return switch (endpoint) {
            case SUBMIT -> role.equals("ingest-client") || role.equals("region-admin") ? 202 : 403;
            case READ -> role.equals("region-analyst") ? 200 : 403;
            case IMPORT -> role.equals("region-analyst") || role.equals("region-admin") ? 200 : 403;
            case VK, TELEGRAM -> 200;
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            boolean webhook = endpoint == Endpoint.VK || endpoint == Endpoint.TELEGRAM;
            cases.add(Arguments.of(endpoint, "no token", null, webhook ? 200 : 401));
            for (Tokens.Bad bad : Tokens.Bad.values()) {
                cases.add(Arguments.of(endpoint, "bad token " + bad, Tokens.bad(bad), webhook ? 200 : 401));
            }
            ROLES.forEach((role, token) -> cases.add(Arguments.of(endpoint, role, token, expected(endpoint, role))));
        }
        return cases.stream();
    }

    static void storeTheMessageToRead() {
        RestAssured.given().auth().oauth2(Tokens.ingestClient()).contentType(ContentType.JSON)
                .body(Api.message(STORED, "Сообщение для проверки доступа")).post("/api/v1/messages").then().statusCode(202);
    }

    /**
     * Roles count only from the identity provider they belong to: the city realm cannot grant
     * region roles, the region realm cannot grant city-official; either may grant ingest-client.
     */
    static Stream<Arguments> rolesFromTheWrongIssuer() {
        String cityWithRegionRoles = Tokens.token(TestIssuer.CITY, "city-intruder",
                Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN), List.of("voronezh"));
        String regionWithCityRole = Tokens.token(TestIssuer.REGION, "region-intruder",
                Set.of(Roles.CITY_OFFICIAL), List.of("voronezh"));
        String cityIngestClient = Tokens.token(TestIssuer.CITY, "service-account-city-feeder",
                Set.of(Roles.INGEST_CLIENT), List.of());
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : List.of(Endpoint.SUBMIT, Endpoint.READ, Endpoint.IMPORT)) {
            cases.add(Arguments.of(endpoint, "city token with region roles", cityWithRegionRoles, 403));
            cases.add(Arguments.of(endpoint, "region token with city-official", regionWithCityRole, 403));
        }
        cases.add(Arguments.of(Endpoint.SUBMIT, "city token with ingest-client", cityIngestClient, 202));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @MethodSource("rolesFromTheWrongIssuer")
    void countsRolesOnlyFromTheirOwnIssuer(Endpoint endpoint, String who, String token, int status) {
        org.assertj.core.api.Assertions.assertThat(endpoint.call.apply(RestAssured.given().auth().oauth2(token)))
                .as("%s with %s", endpoint, who).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0} with {1} -> {3}")
    @MethodSource("matrix")
    void answersAsTheRoleAllows(Endpoint endpoint, String who, String token, int status) {
        RequestSpecification request = RestAssured.given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        org.assertj.core.api.Assertions.assertThat(endpoint.call.apply(request)).as("%s with %s", endpoint, who).isEqualTo(status);
    }
}
