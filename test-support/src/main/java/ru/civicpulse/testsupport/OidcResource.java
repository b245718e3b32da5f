package ru.civicpulse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: configures the OIDC tenants {@code region} and {@code city} to verify
 * tokens signed by the {@link TestIssuer} keys, with issuer-based tenant resolution, exactly as
 * production resolves them against the organisations' identity providers.
 * <p>
 * By default the tenants hold the issuers' public keys (no OIDC server needed). With the init arg
 * {@code provider=server} they discover their metadata and keys from the {@link OidcServer}, as
 * production does from Keycloak; {@code provider-at-start=down} starts the service while that
 * server is stopped (a test starts it with {@link OidcServer#start()}).
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {
    private boolean server;
    private boolean downAtStart;

    @Override
    public void init(Map<String, String> initArgs) {
        server = "server".equals(initArgs.getOrDefault("provider", "public-key"));
        downAtStart = "down".equals(initArgs.getOrDefault("provider-at-start", "up"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
        for (TestIssuer issuer : TestIssuer.values()) {
            String prefix = "quarkus.oidc." + issuer.tenant() + ".";
            if (server) {
                // like production: the issuer and the keys come from the provider's discovery document
                config.put(prefix + "auth-server-url", OidcServer.authServerUrl(issuer));
            } else {
                config.put(prefix + "auth-server-url", "");
                config.put(prefix + "discovery-enabled", "false");
                config.put(prefix + "public-key", issuer.publicKeyBase64());
                config.put(prefix + "token.issuer", issuer.issuer());
            }
            config.put(prefix + "token.audience", TestIssuer.AUDIENCE);
            config.put(prefix + "application-type", "service");
        }
        if (server) {
            if (downAtStart) {
                OidcServer.stop();
            } else {
                OidcServer.start();
            }
        }
        return config;
    }

    @Override
    public void stop() {
        if (server) {
            OidcServer.stop();
        }
    }
}
