package ru.civicpulse.common.ratelimit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.ProblemMappers;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link RateLimited}: spends one request of the client's budget for the endpoint class
 * and answers 429 problem+json with {@code Retry-After} when it is spent. The client is the
 * verified token's issuer and subject (so equal subjects of the two identity providers stay apart);
 * for webhooks, the channel in the path. Authentication is awaited, not forced: endpoints that take
 * no token never look at one.
 */
public class RateLimitFilter {
    private final Map<Method, Optional<RateLimited>> annotations = new ConcurrentHashMap<>();

    @Inject
    RateLimiter limiter;

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Response> limit(ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || !limiter.enabled()) {
            return Uni.createFrom().nullItem();
        }
        RateLimited limited = annotations.computeIfAbsent(method, m -> Optional.ofNullable(m.getAnnotation(RateLimited.class))
                .or(() -> Optional.ofNullable(resource.getResourceClass().getAnnotation(RateLimited.class)))).orElse(null);
        if (limited == null) {
            return Uni.createFrom().nullItem();
        }
        if (!limited.channel().isEmpty()) {
            String channel = uri.getPathParameters().getFirst(limited.channel());
            return Uni.createFrom().item(channel == null ? null
                    : check(limited.value(), "channel:" + limited.channel() + "=" + channel, uri));
        }
        return identities.getDeferredIdentity().map(identity -> identity.isAnonymous() ? null
                : check(limited.value(), "caller:" + client(identity), uri));
    }

    private Response check(RateLimitClass limitClass, String client, UriInfo uri) {
        OptionalLong retryAfter = limiter.tryAcquire(limitClass, client);
        if (retryAfter.isEmpty()) {
            return null;
        }
        Rate rate = limiter.rate(limitClass);
        return ProblemMappers.respond(ProblemException.tooManyRequests(
                "Too many requests of class '" + limitClass.tag() + "' from this client: at most " + rate.requests() + " per "
                        + rate.period() + ". Try again in " + retryAfter.getAsLong() + " s.",
                Duration.ofSeconds(retryAfter.getAsLong())), uri.getPath());
    }

    /** The token's issuer and subject, or its authorised party, or the principal's name for other identities. */
    static String client(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String subject = jwt.getSubject();
            if (subject == null || subject.isBlank()) {
                Object azp = jwt.getClaim("azp");
                subject = azp == null ? jwt.getName() : "azp:" + azp;
            }
            return jwt.getIssuer() + "|" + subject;
        }
        return identity.getPrincipal().getName();
    }
}
