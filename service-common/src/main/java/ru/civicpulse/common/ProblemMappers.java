package ru.civicpulse.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * The one place that turns failures into RFC 9457 problem+json. Never leaks a stack trace:
 * unexpected errors are logged with an id that the answer repeats.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Bad Request", 400,
                "The body is not readable JSON of the expected shape: " + e.getOriginalMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem("about:blank", "Unprocessable Content", 422, "The request is invalid.", path(uri), errors));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Unauthorized", 401, "A valid bearer token is required.", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Unauthorized", 401, "A valid bearer token is required.", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Forbidden", 403, "Your role does not allow this.", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return respond(new Problem("about:blank", title, status, e.getMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s", id, path(uri));
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on our side; quote error id " + id + ".", path(uri), List.of()));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static String leaf(String propertyPath) {
        // "submit.arg0.text" -> "text": callers know their fields, not our method names
        int firstDot = propertyPath.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : propertyPath.indexOf('.', firstDot + 1);
        return secondDot < 0 ? propertyPath : propertyPath.substring(secondDot + 1);
    }
}
