package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.IdentityProviderDownProfile;
import ru.civicpulse.testsupport.Tokens;

import java.util.UUID;

import static ru.civicpulse.testsupport.IdentityProviderDownProfile.tokensWaitForTheProvider;

/**
 * The service starts while Keycloak is down (authentication here is lazy, per endpoint): a token is
 * answered 503 problem+json with {@code Retry-After}, no token 401, and once the provider is back
 * the token is accepted without a restart. The full story is classification-service's test.
 */
@QuarkusTest
@TestProfile(IdentityProviderOutageTest.ProviderDownAtStart.class)
class IdentityProviderOutageTest {
    public static class ProviderDownAtStart extends IdentityProviderDownProfile {
        public ProviderDownAtStart() {
            super("ingestion");
        }
    }

    @Test
    void aTokenWaitsForTheIdentityProvider() {
        // accepted: the service looks the message up (there is none)
        tokensWaitForTheProvider("/api/v1/messages/" + UUID.randomUUID(), Tokens.regionAnalyst(), 404);
    }
}
