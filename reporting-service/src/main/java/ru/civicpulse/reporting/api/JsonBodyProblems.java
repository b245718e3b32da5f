package ru.civicpulse.reporting.api;

import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemMappers;

import java.util.List;

/**
 * A request body that Jackson cannot bind to a record for reasons of its own shape (a field given
 * twice, for one) surfaces as an {@link InvalidDefinitionException}, which Quarkus would answer 500
 * with the record's class name in the log. It is the client's malformed body: 400 problem.
 */
public class JsonBodyProblems {

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response invalidDefinition(InvalidDefinitionException e, UriInfo uri) {
        return unreadable(uri);
    }

    /** Quarkus's own mapper for these answers 400 with an empty body: answer a problem instead. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadable(uri);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unparsable(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadable(uri);
    }

    private static Response unreadable(UriInfo uri) {
        return ProblemMappers.respond(new Problem("about:blank", "Bad Request", 400,
                "The body is not readable JSON of the expected shape.", uri == null ? null : uri.getPath(), List.of()));
    }
}
