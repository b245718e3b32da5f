package ru.civicpulse.common;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling and which municipalities they may see. Region roles see all; a city
 * official sees only those in the token's {@code municipalities} claim. Queries apply
 * {@link #municipalityScope()} server-side; the client never decides its own scope.
 */
@RequestScoped
public class Caller {
    public static final String MUNICIPALITIES_CLAIM = "municipalities";

    @Inject
    SecurityIdentity identity;

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean seesAllMunicipalities() {
        return identity.hasRole(Roles.REGION_ANALYST) || identity.hasRole(Roles.REGION_ADMIN);
    }

    /** Empty means no restriction; otherwise the only municipalities this caller may see (possibly none). */
    public Optional<Set<String>> municipalityScope() {
        if (seesAllMunicipalities()) {
            return Optional.empty();
        }
        return Optional.of(claimedMunicipalities());
    }

    public boolean maySee(String municipality) {
        return municipalityScope().map(scope -> scope.contains(municipality)).orElse(true);
    }

    /**
     * The municipalities a query should cover: the requested one if the caller may see it
     * (otherwise nothing), or the caller's whole scope when none is requested.
     */
    public Optional<Set<String>> restrictTo(String requestedMunicipality) {
        if (requestedMunicipality == null || requestedMunicipality.isBlank()) {
            return municipalityScope();
        }
        return Optional.of(maySee(requestedMunicipality) ? Set.of(requestedMunicipality) : Set.of());
    }

    private Set<String> claimedMunicipalities() {
        Set<String> result = new LinkedHashSet<>();
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(MUNICIPALITIES_CLAIM);
            if (claim instanceof Collection<?> values) {
                values.forEach(v -> result.add(unquote(String.valueOf(v))));
            } else if (claim instanceof jakarta.json.JsonArray array) {
                array.forEach(v -> result.add(unquote(v.toString())));
            } else if (claim != null) {
                result.add(unquote(claim.toString()));
            }
        }
        return Set.copyOf(result);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
