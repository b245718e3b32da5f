package ru.civicpulse.reporting.models;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/workspace/models} on reporting: the dashboard's way to classification-service's model
 * registry, with the signed-in administrator's own token, answers and errors passed through.
 */
@QuarkusTest
class ModelsProxyTest {
    private static final String JOB = "0b8f3f1e-3c1a-4a57-9d1b-6f2f0c1d2e3f";

    @AfterEach
    void classificationIsUpAgain() {
        ClassificationStub.up();
    }

    @Test
    void anAdministratorSeesTheVersionsWithTheirOwnTokenForwarded() {
        ClassificationStub.answer(200, "application/json",
                "[{\"version\":\"20261201-100000-abcdef12\",\"active\":true}]", Map.of());
        String token = Tokens.regionAdmin();
        given().auth().oauth2(token).get("/api/v1/workspace/models")
                .then().statusCode(200).body("[0].version", org.hamcrest.Matchers.equalTo("20261201-100000-abcdef12"))
                .body("[0].active", org.hamcrest.Matchers.equalTo(true));
        assertThat(ClassificationStub.last().method()).isEqualTo("GET");
        assertThat(ClassificationStub.last().path()).isEqualTo("/api/v1/models");
        assertThat(ClassificationStub.last().authorization()).isEqualTo("Bearer " + token);
    }

    @Test
    void onlyAdministratorsGetThroughAndOthersNeverReachClassification() {
        int before = ClassificationStub.calls();
        given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/workspace/models").then().statusCode(403);
        given().auth().oauth2(Tokens.cityOfficial("voronezh")).post("/api/v1/workspace/models/20261201-100000-abcdef12/activate")
                .then().statusCode(403);
        given().get("/api/v1/workspace/models/jobs/" + JOB).then().statusCode(401);
        assertThat(ClassificationStub.calls()).isEqualTo(before);
    }

    @Test
    void trainingDataIsForwardedAsUploadedAndTheJobIsFollowedHere() {
        ClassificationStub.answer(202, "application/json", "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\",\"progress\":0.0}",
                Map.of("Location", ClassificationStub.url() + "/api/v1/models/jobs/" + JOB));
        Response r = given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", "train.csv", "text,label\nНет воды,water-supply\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("textColumn", "text").multiPart("labelColumn", "label")
                .post("/api/v1/workspace/models");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.jsonPath().getString("status")).isEqualTo("QUEUED");
        assertThat(r.header("Location")).endsWith("/api/v1/workspace/models/jobs/" + JOB).doesNotStartWith(ClassificationStub.url());
        ClassificationStub.Seen seen = ClassificationStub.last();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(seen.body()).contains("Нет воды,water-supply").contains("name=\"textColumn\"").contains("name=\"labelColumn\"");
    }

    @Test
    void classificationsProblemsPassThroughUnchanged() {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
                + "\"detail\":\"The CSV cannot be used: no column 'text'\"}";
        ClassificationStub.answer(422, "application/problem+json", problem, Map.of());
        given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", "train.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/workspace/models")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("The CSV cannot be used: no column 'text'"));

        ClassificationStub.answer(404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No such model version.\"}", Map.of());
        given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/workspace/models/20200101-000000-00000000/activate")
                .then().statusCode(404).body("detail", org.hamcrest.Matchers.equalTo("No such model version."));
        assertThat(ClassificationStub.last().path()).isEqualTo("/api/v1/models/20200101-000000-00000000/activate");
    }

    @Test
    void aMalformedVersionOrJobIsRefusedWithoutAskingClassification() {
        int before = ClassificationStub.calls();
        given().auth().oauth2(Tokens.regionAdmin()).post("/api/v1/workspace/models/a%20b/activate").then().statusCode(404);
        given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/workspace/models/jobs/not-a-uuid").then().statusCode(404);
        assertThat(ClassificationStub.calls()).isEqualTo(before);
    }

    @Test
    void whileClassificationIsDownTheAnswerIsAProblemNotAnError() {
        ClassificationStub.down();
        given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/workspace/models")
                .then().statusCode(502).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("The classification service cannot be reached."));
    }
}
