package ru.civicpulse.common;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Thrown anywhere to answer with a problem+json of the given status; a refusal that lasts only a
 * while (429, 503) names when to come back, answered as {@code Retry-After}.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, errors, null);
    }

    private ProblemException(int status, String title, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(422, "Unprocessable Content", detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 429: the caller may try again after {@code retryAfter}, answered as {@code Retry-After}. */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "Too Many Requests", detail, List.of(), retryAfter);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail);
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }

    /** Whole seconds to wait before trying again (at least 1), when the refusal is temporary. */
    public OptionalLong retryAfterSeconds() {
        return retryAfter == null ? OptionalLong.empty() : OptionalLong.of(Math.max(1, retryAfter.toSeconds()));
    }
}
