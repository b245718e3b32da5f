package ru.civicpulse.ingestion;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.testsupport.Tokens;

import java.util.UUID;

/** Small helpers the tests share. */
final class Api {
    private Api() {
    }

    static RequestSpecification asIngestClient() {
        return RestAssured.given().auth().oauth2(Tokens.ingestClient());
    }

    /** An ingest-client of the given client id (token claim azp), as configured under civicpulse.ingestion.clients. */
    static RequestSpecification asClient(String clientId) {
        return RestAssured.given().auth().oauth2(Tokens.ingestClient(clientId));
    }

    static RequestSpecification asAnalyst() {
        return RestAssured.given().auth().oauth2(Tokens.regionAnalyst());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static UUID apiId(String sourceMessageId) {
        return MessageIds.of(Source.API, sourceMessageId);
    }

    /** A valid REST message with the given source, kind and municipality. */
    static String message(String source, String sourceMessageId, String kind, String municipality, String inReplyTo) {
        return """
                {"source": "%s", "sourceMessageId": "%s", "kind": "%s", "municipality": "%s",
                 "publishedAt": "2026-03-01T09:30:00+03:00", "text": "Запах газа в подъезде", %s "authorId": "resident-42"}
                """.formatted(source, sourceMessageId, kind, municipality,
                inReplyTo == null ? "" : "\"inReplyTo\": \"" + inReplyTo + "\",");
    }

    /** A valid REST message of source API. */
    static String message(String sourceMessageId, String text) {
        return """
                {"source": "API", "sourceMessageId": "%s", "kind": "APPEAL", "municipality": "voronezh",
                 "publishedAt": "2026-03-01T09:30:00+03:00", "text": "%s", "authorId": "resident-42",
                 "channelId": "gosuslugi-form", "url": "https://example.org/appeals/%s"}
                """.formatted(sourceMessageId, text, sourceMessageId);
    }
}
