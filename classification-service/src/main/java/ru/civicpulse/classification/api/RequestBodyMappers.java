package ru.civicpulse.classification.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemMappers;

import java.io.IOException;
import java.util.List;

/**
 * Failures of reading a request body before a resource method runs (a multipart body cut short,
 * too many form parts): the caller's fault, answered 400 or 413 instead of falling through to the
 * central mapper's 500.
 */
public class RequestBodyMappers {

    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        return ProblemMappers.respond(new Problem("about:blank", "Bad Request", 400,
                "The request body cannot be read.", uri == null ? null : uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response tooManyParts(RuntimeException e, UriInfo uri) {
        String message = e.getMessage();
        if (e.getClass() == RuntimeException.class && message != null && message.startsWith("Param limit of")) {
            return ProblemMappers.respond(new Problem("about:blank", "Content Too Large", 413,
                    "The form has too many parts (at most 1000).", uri == null ? null : uri.getPath(), List.of()));
        }
        return new ProblemMappers().unexpected(e, uri);
    }
}
