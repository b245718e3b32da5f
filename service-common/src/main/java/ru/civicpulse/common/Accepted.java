package ru.civicpulse.common;

import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * The answer to a request whose work goes on in the background (a training, a re-classification, a
 * rebuild, a report): 202, the work's state as body and its {@code Location} to poll. The location
 * is an absolute path, resolved against the request's base URI.
 */
public final class Accepted {
    private Accepted() {
    }

    /** 202 with {@code body}; {@code Location} is {@code collection/id}, e.g. {@code /api/v1/models/jobs/<id>}. */
    public static Response at(String collection, Object id, Object body) {
        return Response.accepted(body).location(URI.create(collection + "/" + id)).build();
    }
}
