package ru.civicpulse.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The two organisations' token issuers as tests see them, each with its own RSA key pair
 * (made once per test JVM). Services configure OIDC tenants {@code region} and {@code city}.
 */
public enum TestIssuer {
    REGION("region", "https://id.civicpulse.test/realms/region"),
    CITY("city", "https://id.civicpulse.test/realms/city");

    /** The audience every CivicPulse service requires. */
    public static final String AUDIENCE = "civicpulse";

    private final String tenant;
    private final String issuer;
    private final KeyPair keyPair;

    TestIssuer(String tenant, String issuer) {
        this.tenant = tenant;
        this.issuer = issuer;
        this.keyPair = newRsaKeyPair();
    }

    public String tenant() {
        return tenant;
    }

    public String issuer() {
        return issuer;
    }

    KeyPair keyPair() {
        return keyPair;
    }

    /** The {@code kid} header of this issuer's tokens and of its key in the published key set. */
    public String keyId() {
        return tenant + "-signing-key";
    }

    /** Base64 X.509 public key, as {@code quarkus.oidc.<tenant>.public-key} takes it. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
