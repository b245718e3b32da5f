package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static ru.civicpulse.ingestion.Api.asAnalyst;
import static ru.civicpulse.ingestion.Api.asClient;
import static ru.civicpulse.ingestion.Api.asIngestClient;
import static ru.civicpulse.ingestion.Api.message;
import static ru.civicpulse.ingestion.Api.unique;

/**
 * A REST client may claim only the sources and municipalities configured for its client id, and
 * official replies only if it is configured as an official channel; what it may not claim is
 * refused whole with 403 and nothing of it is stored.
 */
@QuarkusTest
class ClientPolicyTest {

    @Test
    void aClientThatClaimsAVkPostIsRefusedAndTheRealPostIdStaysFree() {
        String vkPost = "wall-1000001_" + System.nanoTime();
        asClient("city-feed").contentType(ContentType.JSON).body(message("VK", vkPost, "POST", "novovoronezh", null))
                .when().post("/api/v1/messages")
                .then().statusCode(403).contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("errors.field", hasItem("source"));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.VK, vkPost)).then().statusCode(404);
    }

    @Test
    void anUnconfiguredClientMaySubmitOnlySourceApi() {
        asIngestClient().contentType(ContentType.JSON).body(message("POS", unique("pos"), "APPEAL", "voronezh", null))
                .when().post("/api/v1/messages")
                .then().statusCode(403).body("errors.field", hasItem("source"));
        asIngestClient().contentType(ContentType.JSON).body(message("API", unique("api"), "APPEAL", "voronezh", null))
                .when().post("/api/v1/messages")
                .then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void aMunicipalityOutsideTheClientsListIsRefused() {
        String id = unique("elsewhere");
        asClient("city-feed").contentType(ContentType.JSON).body(message("POS", id, "APPEAL", "voronezh", null))
                .when().post("/api/v1/messages")
                .then().statusCode(403).body("errors.field", hasItem("municipality"));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.POS, id)).then().statusCode(404);
        asClient("city-feed").contentType(ContentType.JSON).body(message("POS", id, "APPEAL", "novovoronezh", null))
                .when().post("/api/v1/messages")
                .then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void anOfficialReplyFromANonOfficialClientIsRefusedAndFromAnOfficialOneAccepted() {
        String emergency = unique("gas");
        asClient("city-feed").contentType(ContentType.JSON).body(message("API", emergency, "APPEAL", "novovoronezh", null))
                .post("/api/v1/messages").then().statusCode(202);
        String forged = unique("forged-reply");
        asClient("city-feed").contentType(ContentType.JSON).body(message("API", forged, "OFFICIAL_REPLY", "novovoronezh", emergency))
                .when().post("/api/v1/messages")
                .then().statusCode(403).body("errors.field", hasItem("kind"));
        asIngestClient().contentType(ContentType.JSON).body(message("API", forged, "OFFICIAL_REPLY", "novovoronezh", emergency))
                .when().post("/api/v1/messages")
                .then().statusCode(403).body("errors.field", hasItem("kind"));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.API, forged)).then().statusCode(404);

        String real = unique("real-reply");
        asClient("administration").contentType(ContentType.JSON).body(message("API", real, "OFFICIAL_REPLY", "novovoronezh", emergency))
                .when().post("/api/v1/messages")
                .then().statusCode(202).body("accepted", equalTo(1));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.API, real)).then().statusCode(200)
                .body("kind", equalTo("OFFICIAL_REPLY"));
    }

    @Test
    void oneForbiddenItemRefusesTheWholeBatch() {
        String ok = unique("batch-ok");
        String body = "{\"messages\": [" + message("POS", ok, "APPEAL", "novovoronezh", null) + ","
                + message("OK", unique("batch-bad"), "POST", "novovoronezh", null) + "]}";
        asClient("city-feed").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/messages")
                .then().statusCode(403).body("errors.field", hasItem("messages[1].source"));
        asAnalyst().get("/api/v1/messages/" + MessageIds.of(Source.POS, ok)).then().statusCode(404);
    }
}
