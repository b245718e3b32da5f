package ru.civicpulse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: configures the OIDC tenants {@code region} and {@code city} to verify
 * tokens signed by the {@link TestIssuer} keys, with issuer-based tenant resolution, exactly as
 * production resolves them against the organisations' identity providers (no OIDC server needed).
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
        for (TestIssuer issuer : TestIssuer.values()) {
            String prefix = "quarkus.oidc." + issuer.tenant() + ".";
            config.put(prefix + "auth-server-url", "");
            config.put(prefix + "discovery-enabled", "false");
            config.put(prefix + "public-key", issuer.publicKeyBase64());
            config.put(prefix + "token.issuer", issuer.issuer());
            config.put(prefix + "token.audience", TestIssuer.AUDIENCE);
            config.put(prefix + "application-type", "service");
        }
        return config;
    }

    @Override
    public void stop() {
    }
}
