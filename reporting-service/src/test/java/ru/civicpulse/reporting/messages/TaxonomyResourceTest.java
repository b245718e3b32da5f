package ru.civicpulse.reporting.messages;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicGroup;
import ru.civicpulse.testsupport.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/workspace/taxonomy}: the groups and topics the correction form offers, exactly those a correction accepts. */
@QuarkusTest
class TaxonomyResourceTest {
    @Test
    void everyGroupComesWithItsTopicsInPublishedOrder() {
        JsonPath taxonomy = taxonomy(Tokens.cityOfficial("voronezh"));
        assertThat(taxonomy.getList("code", String.class)).isEqualTo(Taxonomy.groups().stream().map(TopicGroup::code).toList());
        assertThat(taxonomy.getList("label", String.class)).isEqualTo(Taxonomy.groups().stream().map(TopicGroup::label).toList());
        assertThat(taxonomy.getList("[0].topics.code", String.class))
                .isNotEmpty().allMatch(code -> code.startsWith(taxonomy.getString("[0].code") + "/"));
        assertThat(taxonomy.getList("[0].topics.label", String.class)).allMatch(label -> !label.isBlank());
    }

    @Test
    void aTopicFromTheListPassesTheCorrectionsValidation() {
        JsonPath taxonomy = taxonomy(Tokens.regionAnalyst());
        String group = taxonomy.getString("[1].code");
        String topic = taxonomy.getString("[1].topics[0].code");
        // an unknown message answers 404 only after group and topic were accepted (422 otherwise)
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body("{\"group\":\"" + group + "\",\"topic\":\"" + topic + "\"}")
                .post("/api/v1/messages/00000000-0000-0000-0000-000000000001/correction")
                .then().statusCode(404);
    }

    @Test
    void withoutACredentialTheAnswerIs401() {
        given().get("/api/v1/workspace/taxonomy").then().statusCode(401);
    }

    private static JsonPath taxonomy(String token) {
        return given().auth().oauth2(token).get("/api/v1/workspace/taxonomy").then().statusCode(200).extract().jsonPath();
    }
}
