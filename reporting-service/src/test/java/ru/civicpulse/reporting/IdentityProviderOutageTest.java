package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.IdentityProviderDownProfile;
import ru.civicpulse.testsupport.Tokens;

import static ru.civicpulse.testsupport.IdentityProviderDownProfile.tokensWaitForTheProvider;

/**
 * The service starts while Keycloak is down: a token is answered 503 problem+json with
 * {@code Retry-After}, no token 401, and once the provider is back the token is accepted without a
 * restart. The full story is classification-service's test.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderDownAtStart.class)
class IdentityProviderOutageTest {
    static final String SOURCES = "/api/v1/external-stats";

    public static class ProviderDownAtStart extends IdentityProviderDownProfile {
        public ProviderDownAtStart() {
            super("reporting");
        }
    }

    @Test
    void aTokenWaitsForTheIdentityProvider() {
        tokensWaitForTheProvider(SOURCES, Tokens.cityOfficial("voronezh"), 200);
    }
}
