package ru.civicpulse.ingestion.domain;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.config.IngestionConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Turns raw author ids into keyed HMAC-SHA256 pseudonyms: stable per (source, author) so one
 * author's messages can be counted together, irreversible without the key.
 */
@ApplicationScoped
@Startup // a missing or short key stops the service at start-up, not at the first message
public class Pseudonymizer {
    private static final int MIN_KEY_LENGTH = 16;
    private final SecretKeySpec key;

    @Inject
    public Pseudonymizer(IngestionConfig config) {
        this(config.pseudonymKey());
    }

    public Pseudonymizer(String key) {
        if (key == null || key.isBlank() || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("civicpulse.ingestion.pseudonym-key (env CIVICPULSE_PSEUDONYM_KEY) must be set, at least "
                    + MIN_KEY_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The pseudonym of an author, or null when there is no author. */
    public String pseudonym(Source source, String rawAuthorId) {
        if (rawAuthorId == null || rawAuthorId.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((source.name() + ":" + rawAuthorId.trim()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
