package ru.civicpulse.reporting.web;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Picks the OIDC tenant of a request. Bearer tokens (scripts, other services) are left to the
 * issuer-based resolution of the {@code region} and {@code city} service tenants. Browser users of the
 * dashboard sign in through {@code /dashboard/login/{organisation}}, which selects that organisation's
 * web-app tenant; afterwards the session cookie Quarkus set for that tenant selects it again.
 */
@ApplicationScoped
public class DashboardTenantResolver implements TenantResolver {
    static final String LOGIN_PATH = "/dashboard/login/";
    static final String SESSION_COOKIE = "q_session_";

    @Override
    public String resolve(RoutingContext context) {
        if (context.request().getHeader("Authorization") != null) {
            return null;
        }
        String path = context.normalizedPath();
        if (path.startsWith(LOGIN_PATH)) {
            return Organisation.fromPathSegment(path.substring(LOGIN_PATH.length()))
                    .map(Organisation::webTenant).orElse(null);
        }
        // Large sessions are split into q_session_<tenant>_chunk_N cookies: match by prefix.
        for (Cookie cookie : context.request().cookies()) {
            for (Organisation organisation : Organisation.values()) {
                if (cookie.getName().startsWith(SESSION_COOKIE + organisation.webTenant())) {
                    return organisation.webTenant();
                }
            }
        }
        return null;
    }
}
