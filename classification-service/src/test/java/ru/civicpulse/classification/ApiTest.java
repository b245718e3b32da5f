package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ApiTest {

    @Test
    void classifyReturnsTheFullAnalysis() {
        given().auth().oauth2(Tokens.cityOfficial("voronezh")).contentType(ContentType.JSON)
                .body(Map.of("text", "В квартире на Хользунова 40 холодные батареи, нет отопления уже неделю", "municipality", "voronezh"))
                .post("/api/v1/classify")
                .then().statusCode(200)
                .body("modelVersion", notNullValue())
                .body("topic.group", equalTo("housing-utilities"))
                .body("groupLabel", equalTo("ЖКХ"))
                .body("alternatives.size()", lessThanOrEqualTo(3))
                .body("sentiment.label", notNullValue())
                .body("urgency.level", notNullValue());
    }

    @Test
    void emptyTextIsInvalid() {
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body(Map.of("text", ""))
                .post("/api/v1/classify")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("text"));
    }

    @Test
    void unreadableBodyIs400() {
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body("{\"text\": ")
                .post("/api/v1/classify")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aCityOfficialCannotAskForAnotherMunicipality() {
        given().auth().oauth2(Tokens.cityOfficial("novovoronezh")).contentType(ContentType.JSON)
                .body(Map.of("text", "Нет воды", "municipality", "voronezh"))
                .post("/api/v1/classify")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void taxonomyListsTheSeventeenGroupsWithRussianLabels() {
        given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/taxonomy")
                .then().statusCode(200)
                .body("groups", hasSize(17))
                .body("groups[0].code", equalTo("housing-utilities"))
                .body("groups[0].label", equalTo("ЖКХ"))
                .body("groups[0].topics[0].code", equalTo("housing-utilities/heating"))
                .body("modelVersion", notNullValue());
    }

    @Test
    void healthMetricsAndOpenApiAreOpen() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems(containsString("Database"), containsString("Messaging")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("civicpulse_classification_classified_total"))
                .body(containsString("civicpulse_classification_confidence"))
                .body(containsString("civicpulse_outbox_pending{service=\"classification-service\"}"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models/{version}/activate"));
    }
}
