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

    static RequestSpecification asAnalyst() {
        return RestAssured.given().auth().oauth2(Tokens.regionAnalyst());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static UUID apiId(String sourceMessageId) {
        return MessageIds.of(Source.API, sourceMessageId);
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
