package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.Tokens;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Malformed input answered with the right 4xx problem, each case one the fuzz test once found answered 500 or leaking. */
@QuarkusTest
class HostileInputTest {

    @Test
    void classifyBoundsTheTextAndKnowsItsMunicipalities() {
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body(Map.of("text", "Нет воды", "municipality", "atlantis"))
                .post("/api/v1/classify")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("municipality"));
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body(Map.of("text", "Нет воды", "municipality", "v".repeat(10_000)))
                .post("/api/v1/classify")
                .then().statusCode(422).body("errors[0].field", equalTo("municipality"));
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body(Map.of("text", "я".repeat(20_001)))
                .post("/api/v1/classify")
                .then().statusCode(422).body("errors[0].field", equalTo("text"));
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON)
                .body("{\"text\":\"Нет\\u0000 воды\\ud800\",\"municipality\":\"voronezh\"}")
                .post("/api/v1/classify")
                .then().statusCode(200);
    }

    @Test
    void reclassifyAnswersOddDatesWith422() {
        for (String[] period : new String[][]{
                {"0000-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}, {"2026-02-30T00:00:00Z", "2026-03-01T00:00:00Z"},
                {"-999999999-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}, {"2026-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"},
                {"2026-01-01T00:00:00Z", "1e400"}, {"now", "2026-01-01T00:00:00Z"}}) {
            given().auth().oauth2(Tokens.regionAdmin()).contentType(ContentType.JSON)
                    .body("{\"from\":\"" + period[0] + "\",\"to\":\"" + period[1] + "\"}")
                    .post("/api/v1/reclassify")
                    .then().statusCode(422).contentType("application/problem+json");
        }
        given().auth().oauth2(Tokens.regionAdmin()).contentType(ContentType.JSON).body("{\"from\":1e400,\"to\":-9223372036854775808}")
                .post("/api/v1/reclassify")
                .then().statusCode(422);
    }

    @Test
    void aModelVersionWithANulByteIsUnknown() {
        given().auth().oauth2(Tokens.regionAdmin()).urlEncodingEnabled(false)
                .post("/api/v1/models/abc%00def/activate")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void trainingUploadErrorsNameColumnsNotServerPaths() {
        given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", "labelled.csv", "text,label\nнет воды,жкх\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("textColumn", "text").multiPart("labelColumn", "category")
                .post("/api/v1/models")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", allOf(containsString("category"), not(containsString("/tmp")), not(containsString("upload"))));
        given().auth().oauth2(Tokens.regionAdmin())
                .multiPart("file", "labelled.csv", "text,label\nнет воды,жкх\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("textColumn", "t".repeat(201)).multiPart("labelColumn", "label\u0000")
                .post("/api/v1/models")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.contains("textColumn", "labelColumn"));
    }

    @Test
    void aBrokenOrOversizedMultipartBodyIsTheCallersFault() {
        given().auth().oauth2(Tokens.regionAdmin()).contentType("multipart/form-data; boundary=xyz")
                .body("--xyz\r\nContent-Disposition: form-data; name=\"textColumn\"\r\n\r\ntext\r\n--xyz\r\nContent-Disposition: form-da"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/models")
                .then().statusCode(400).contentType("application/problem+json");
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < 1_200; i++) {
            parts.append("--xyz\r\nContent-Disposition: form-data; name=\"extra").append(i).append("\"\r\n\r\nx\r\n");
        }
        parts.append("--xyz--\r\n");
        given().auth().oauth2(Tokens.regionAdmin()).contentType("multipart/form-data; boundary=xyz")
                .body(parts.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/models")
                .then().statusCode(413).contentType("application/problem+json");
    }
}
