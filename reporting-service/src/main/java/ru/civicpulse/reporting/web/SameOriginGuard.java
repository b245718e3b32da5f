package ru.civicpulse.reporting.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import ru.civicpulse.common.ProblemException;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery guard for browser sessions. A state-changing request (POST, PUT, PATCH,
 * DELETE) without an {@code Authorization} header is authenticated, if at all, by the dashboard's
 * session cookie; it is accepted only when the browser says it comes from this service's own pages:
 * {@code Sec-Fetch-Site: same-origin}, or (browsers without Fetch Metadata) an {@code Origin} equal to
 * this service's origin. Anything else answers 403 before the request reaches a resource. This is on
 * top of the cookie's {@code SameSite=Lax}. Bearer-token calls (scripts, other services) are left
 * alone: a page on another site cannot attach a bearer token without a CORS pre-flight this service
 * never grants.
 */
public class SameOriginGuard {
    private static final Logger LOG = Logger.getLogger(SameOriginGuard.class);
    private static final Set<String> STATE_CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    static final String FETCH_SITE = "Sec-Fetch-Site";
    static final String ORIGIN = "Origin";

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        if (!STATE_CHANGING.contains(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return;
        }
        boolean hasCookies = request.getHeaderString(HttpHeaders.COOKIE) != null;
        String verdict = verdict(request.getHeaderString(FETCH_SITE), request.getHeaderString(ORIGIN),
                request.getUriInfo().getBaseUri(), hasCookies);
        if (verdict != null) {
            LOG.warnf("Refused a %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), verdict);
            throw new ProblemException(403, "Forbidden",
                    "A change through a browser session must come from this service's own pages.");
        }
    }

    /** Why the request is refused, or null when it may go on. */
    static String verdict(String fetchSite, String origin, URI self, boolean hasCookies) {
        if (fetchSite != null) {
            return "same-origin".equals(fetchSite.trim().toLowerCase(Locale.ROOT)) ? null : "Sec-Fetch-Site is not same-origin";
        }
        if (origin != null) {
            return sameOrigin(origin.trim(), self) ? null : "Origin is another site";
        }
        return hasCookies ? "a cookie-carrying request without Origin or Sec-Fetch-Site" : null;
    }

    static boolean sameOrigin(String origin, URI self) {
        try {
            URI o = URI.create(origin);
            return o.getScheme() != null && o.getHost() != null && (o.getPath() == null || o.getPath().isEmpty())
                    && o.getScheme().equalsIgnoreCase(self.getScheme()) && o.getHost().equalsIgnoreCase(self.getHost())
                    && port(o) == port(self);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
