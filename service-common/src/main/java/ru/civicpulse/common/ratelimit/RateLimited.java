package ru.civicpulse.common.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one client may call the annotated resource method (or every method of the
 * annotated resource class): beyond {@code civicpulse.rate-limit.<class>} the answer is 429
 * problem+json with {@code Retry-After}. The client is the token's subject, or, for endpoints
 * that take no token (webhooks), the channel named by the path parameter {@link #channel()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
    /** The endpoint class whose budget a call spends. */
    RateLimitClass value();

    /**
     * The path parameter naming the channel that stands for the client (webhooks); empty means
     * the caller's token. Callers without a token are not limited here: they get 401 anyway.
     */
    String channel() default "";
}
