package ru.civicpulse.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real RS256-signed access tokens shaped like Keycloak's: realm roles in
 * {@code realm_access.roles}, the {@code municipalities} claim, audience {@code civicpulse}.
 * Also the bad variants a service must refuse.
 */
public final class Tokens {
    private Tokens() {
    }

    /** A valid token for {@code user} with the given realm roles and municipalities. */
    public static String token(TestIssuer issuer, String user, Set<String> roles, List<String> municipalities) {
        return claims(issuer, user, roles, municipalities).jws().keyId(issuer.keyId()).sign(issuer.keyPair().getPrivate());
    }

    public static String regionAnalyst() {
        return token(TestIssuer.REGION, "analyst", Set.of("region-analyst"), List.of());
    }

    public static String regionAdmin() {
        return token(TestIssuer.REGION, "admin", Set.of("region-admin"), List.of());
    }

    public static String cityOfficial(String... municipalities) {
        return token(TestIssuer.CITY, "official", Set.of("city-official"), List.of(municipalities));
    }

    public static String ingestClient() {
        return token(TestIssuer.REGION, "service-account-ingest", Set.of("ingest-client"), List.of());
    }

    /** An {@code ingest-client} token of the given client, which Keycloak names in {@code azp}. */
    public static String ingestClient(String clientId) {
        return claims(TestIssuer.REGION, "service-account-" + clientId, Set.of("ingest-client"), List.of())
                .claim("azp", clientId)
                .jws().keyId(TestIssuer.REGION.keyId()).sign(TestIssuer.REGION.keyPair().getPrivate());
    }

    /**
     * A region analyst's token signed with a key the issuer has not published yet (an unknown
     * {@code kid}), as right after a key rotation: verifying it makes a service fetch the keys again.
     */
    public static String signedWithUnpublishedKey(TestIssuer issuer) {
        return claims(issuer, "analyst", Set.of("region-analyst"), List.of())
                .jws().keyId(issuer.tenant() + "-unpublished-key")
                .sign(TestIssuer.newRsaKeyPair().getPrivate());
    }

    /** The ways a token can be wrong; each must give 401. */
    public enum Bad {
        EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, BAD_SIGNATURE, ALG_NONE
    }

    /** A token otherwise granting region-admin, broken in the given way. */
    public static String bad(Bad kind) {
        TestIssuer issuer = TestIssuer.REGION;
        Set<String> roles = Set.of("region-admin", "region-analyst", "ingest-client");
        PrivateKey key = issuer.keyPair().getPrivate();
        Instant now = Instant.now();
        return switch (kind) {
            case EXPIRED -> claims(issuer, "admin", roles, List.of())
                    .issuedAt(now.minus(Duration.ofHours(2)))
                    .expiresAt(now.minus(Duration.ofHours(1)))
                    .sign(key);
            case NOT_YET_VALID -> claims(issuer, "admin", roles, List.of())
                    .issuedAt(now.plus(Duration.ofHours(1)))
                    .claim("nbf", now.plus(Duration.ofHours(1)).getEpochSecond())
                    .expiresAt(now.plus(Duration.ofHours(2)))
                    .sign(key);
            case WRONG_ISSUER -> claims(issuer, "admin", roles, List.of())
                    .issuer("https://id.civicpulse.test/realms/unknown")
                    .sign(key);
            case WRONG_AUDIENCE -> claims(issuer, "admin", roles, List.of())
                    .audience("someone-else")
                    .sign(key);
            case BAD_SIGNATURE -> claims(issuer, "admin", roles, List.of())
                    .sign(TestIssuer.newRsaKeyPair().getPrivate());
            case ALG_NONE -> unsigned(Map.of(
                    "iss", issuer.issuer(),
                    "aud", TestIssuer.AUDIENCE,
                    "sub", "admin",
                    "exp", now.plus(Duration.ofMinutes(10)).getEpochSecond(),
                    "realm_access", Map.of("roles", List.copyOf(roles))));
        };
    }

    private static JwtClaimsBuilder claims(TestIssuer issuer, String user, Set<String> roles, List<String> municipalities) {
        Instant now = Instant.now();
        return Jwt.claims()
                .issuer(issuer.issuer())
                .audience(TestIssuer.AUDIENCE)
                .subject(user)
                .preferredUserName(user)
                .claim("realm_access", Map.of("roles", List.copyOf(roles)))
                .claim("municipalities", List.copyOf(municipalities))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(10)));
    }

    private static String unsigned(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            list.forEach(v -> sb.append(sb.length() > 1 ? "," : "").append(json(v)));
            return sb.append(']').toString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
