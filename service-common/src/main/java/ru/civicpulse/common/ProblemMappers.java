package ru.civicpulse.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.OptionalLong;

/**
 * The one place that turns failures into RFC 9457 problem+json. Never leaks a stack trace, a
 * Java type, a file path, an exception's text or a SQL state: every detail is written here.
 * Unexpected errors are logged with an id that the answer repeats, with their types and stack
 * frames but without their messages, which may quote what a resident wrote (a failed SQL batch
 * quotes its parameters).
 * <p>
 * A bearer token that cannot be verified because its identity provider cannot be reached is
 * answered 503 with {@code Retry-After} (see {@link IdentityProviders}), not 401: the token may
 * well be valid, and the caller should try again rather than log in again.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BEARER = "Bearer ";

    @Inject
    IdentityProviders identityProviders;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, path(uri));
    }

    /** A problem as answered for {@code path}, with its {@code Retry-After} where it names one (also for filters that abort). */
    public static Response respond(ProblemException e, String path) {
        Problem problem = e.toProblem(path);
        OptionalLong retryAfter = e.retryAfterSeconds();
        return retryAfter.isPresent() ? respond(problem, retryAfter.getAsLong()) : respond(problem);
    }

    /**
     * Unreadable JSON, JSON nested too deeply or of the wrong shape: answered with the field and the
     * position only (see {@link #describe}).
     */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Bad Request", 400, describe(e), path(uri), List.of()));
    }

    /*
     * Quarkus REST has mappers of its own for these subclasses (an empty 400, or a 500 for a body that
     * cannot bind to its record, such as a field given twice); ours take precedence.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response invalidDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unparsable(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /**
     * What is wrong with a JSON body, by field path and position. Never Jackson's own message: it
     * names Java types ({@code java.time.Instant}) and echoes pieces of the input.
     */
    static String describe(JsonProcessingException e) {
        StringBuilder field = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        var at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        if (!field.isEmpty() && field.length() <= 200 && field.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return "The field '" + field + "' has a value of the wrong type or form" + where + ".";
        }
        return "The body is not readable JSON of the expected shape" + where + ".";
    }

    /** Date-time values that cannot exist (year 0, 30 February, beyond the supported range) reaching a conversion. */
    @ServerExceptionMapper
    public Response impossibleDate(java.time.DateTimeException e, UriInfo uri) {
        return respond(new Problem("about:blank", "Unprocessable Content", 422,
                "The request holds a date or time that cannot be used.", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem("about:blank", "Unprocessable Content", 422, "The request is invalid.", path(uri), errors));
    }

    /** No identity: no token, or a token that no connected tenant accepts (its provider may be unreachable). */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        if (hasBearerToken(headers)) {
            List<String> unreachable = identityProviders.unreachableBearerTenants();
            if (!unreachable.isEmpty()) {
                return providerUnreachable(uri, "OIDC tenants " + unreachable + " have not reached their identity provider");
            }
        }
        return notAuthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        Throwable cause = IdentityProviders.unreachableCause(e);
        if (cause != null) {
            return providerUnreachable(uri, cause.toString());
        }
        return notAuthenticated(uri);
    }

    /**
     * A tenant chosen for the request (by path, for instance) is connected on the request and that
     * failed: Quarkus keeps only "OIDC Server is not available" of the cause, so an unreachable
     * tenant tells it apart from a configuration error.
     */
    @ServerExceptionMapper
    public Response oidc(OIDCException e, UriInfo uri) {
        Throwable cause = IdentityProviders.unreachableCause(e);
        if (cause != null) {
            return providerUnreachable(uri, cause.toString());
        }
        List<String> unreachable = identityProviders.unreachableTenants();
        if (!unreachable.isEmpty()) {
            return providerUnreachable(uri, e.getMessage() + "; OIDC tenants " + unreachable + " have not reached their identity provider");
        }
        return unexpected(e, uri);
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
        // the framework's texts may name parameters' Java types: answer with the status's own words
        return respond(new Problem("about:blank", title, status, title + ".", path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (thrownReadingForm(e)) {
            // the framework's form/multipart parser gave up on the body (broken boundary, unterminated part, too many parts)
            return respond(new Problem("about:blank", "Bad Request", 400,
                    "The body is not readable multipart/form-data or form data.", path(uri), List.of()));
        }
        String id = java.util.UUID.randomUUID().toString();
        LOG.errorf(redacted(e), "Unexpected error %s on %s", id, path(uri));
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on our side; quote error id " + id + ".", path(uri), List.of()));
    }

    /** Whether the failure comes from parsing a form or multipart body, before any resource method ran. */
    static boolean thrownReadingForm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                if (type.startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                        || type.equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A copy of the failure chain that keeps each type and stack trace but drops the messages:
     * exception texts may carry personal data (a rejected SQL batch lists its values).
     */
    public static Throwable redacted(Throwable e) {
        Throwable copy = null;
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 20 && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable original = chain.get(i);
            Throwable next = new RedactedException(original.getClass().getName(), copy);
            next.setStackTrace(original.getStackTrace());
            copy = next;
        }
        return copy;
    }

    /** Stands in for a logged failure: its type as message, its frames, no text. */
    static final class RedactedException extends RuntimeException {
        RedactedException(String type, Throwable cause) {
            super(type + " (message withheld)", cause);
        }
    }

    private static Response notAuthenticated(UriInfo uri) {
        return respond(new Problem("about:blank", "Unauthorized", 401, "A valid bearer token is required.", path(uri), List.of()));
    }

    private Response providerUnreachable(UriInfo uri, String reason) {
        LOG.warnf("Identity provider unreachable: cannot verify the credentials of a request to %s (%s); answering 503", path(uri), reason);
        long retryAfter = identityProviders.retryAfterSeconds();
        Problem problem = new Problem("about:blank", "Service Unavailable", 503,
                "The identity provider cannot be reached, so the token cannot be verified now. "
                        + "Try again in " + retryAfter + " s.", path(uri), List.of());
        return respond(problem, retryAfter);
    }

    private static boolean hasBearerToken(HttpHeaders headers) {
        String authorization = headers == null ? null : headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && !authorization.substring(BEARER.length()).isBlank();
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A temporary refusal (429, 503): the problem with when to try again, in whole seconds. */
    public static Response respond(Problem problem, long retryAfterSeconds) {
        return Response.fromResponse(respond(problem)).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
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
