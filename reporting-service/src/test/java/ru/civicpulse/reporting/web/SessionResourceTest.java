package ru.civicpulse.reporting.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/me}: what the dashboard shows of the caller and which municipalities it offers. */
@QuarkusTest
class SessionResourceTest {
    @Test
    void aCityOfficialIsOfTheCityAndSeesOnlyTheirMunicipalities() {
        JsonPath me = me(Tokens.cityOfficial("novovoronezh"));
        assertThat(me.getString("organisation")).isEqualTo("city");
        assertThat(me.getString("organisationLabel")).isEqualTo("Администрация города");
        assertThat(me.getList("roles", String.class)).containsExactly("city-official");
        assertThat(me.getList("municipalities.code", String.class)).containsExactly("novovoronezh");
        assertThat(me.getBoolean("allMunicipalities")).isFalse();
    }

    @Test
    void anOfficialWithoutMunicipalitiesIsOfferedNone() {
        assertThat(me(Tokens.cityOfficial()).getList("municipalities", Object.class)).isEmpty();
    }

    @Test
    void aRegionalAnalystIsOfTheRegionAndSeesEveryMunicipality() {
        JsonPath me = me(Tokens.regionAnalyst());
        assertThat(me.getString("organisation")).isEqualTo("region");
        assertThat(me.getList("roles", String.class)).containsExactly("region-analyst");
        assertThat(me.getList("municipalities.code", String.class)).isEqualTo(List.of("voronezh", "novovoronezh"));
        assertThat(me.getList("municipalities.label", String.class)).containsExactly("Воронеж", "Нововоронеж");
        // the workspace's district filter and map are drawn from these
        assertThat(me.getList("municipalities[0].districts.label", String.class)).containsExactly("Железнодорожный район",
                "Коминтерновский район", "Ленинский район", "Левобережный район", "Советский район", "Центральный район");
        assertThat(me.getList("municipalities[1].districts", Object.class)).isEmpty();
        assertThat(me.getBoolean("allMunicipalities")).isTrue();
    }

    @Test
    void withoutACredentialTheAnswerIs401() {
        given().get("/api/v1/me").then().statusCode(401);
        given().header("X-Requested-With", "JavaScript").get("/api/v1/me").then().statusCode(401);
    }

    private static JsonPath me(String token) {
        return given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    }
}
