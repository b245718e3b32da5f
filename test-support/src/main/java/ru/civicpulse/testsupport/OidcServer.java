package ru.civicpulse.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One OIDC provider per test JVM that publishes, for each {@link TestIssuer}, what Keycloak
 * publishes for a realm: the discovery document at
 * {@code /realms/<tenant>/.well-known/openid-configuration} and the signing keys (JWKS) at
 * {@code /realms/<tenant>/protocol/openid-connect/certs}. It listens on 127.0.0.1 and can be
 * stopped and started again on the same port, to test what services do while their identity
 * provider is unreachable (connections are refused, as when Keycloak is down).
 */
public final class OidcServer {
    private static HttpServer server;
    private static int port;

    private OidcServer() {
    }

    /**
     * The {@code auth-server-url} of the issuer's realm. Chooses the port on first use without
     * starting the server, so a service can be configured against a provider that is down.
     */
    public static synchronized String authServerUrl(TestIssuer issuer) {
        return base() + "/realms/" + issuer.tenant();
    }

    public static synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the provider (again), on the same port as before. */
    public static synchronized void start() {
        if (server != null) {
            return;
        }
        String base = base();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            for (TestIssuer issuer : TestIssuer.values()) {
                String realm = "/realms/" + issuer.tenant();
                http.createContext(realm + "/.well-known/openid-configuration",
                        exchange -> json(exchange, discovery(issuer, base + realm)));
                http.createContext(realm + "/protocol/openid-connect/certs", exchange -> json(exchange, keySet(issuer)));
            }
            http.start();
            server = http;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test OIDC provider on port " + port, e);
        }
    }

    /** Stops the provider: until {@link #start()}, connections to it are refused. */
    public static synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static String base() {
        if (port == 0) {
            port = FreePorts.next();
            Runtime.getRuntime().addShutdownHook(new Thread(OidcServer::stop, "test-oidc-stop"));
        }
        return "http://127.0.0.1:" + port;
    }

    private static String discovery(TestIssuer issuer, String realmUrl) {
        return "{\"issuer\":\"" + issuer.issuer() + "\","
                + "\"jwks_uri\":\"" + realmUrl + "/protocol/openid-connect/certs\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    }

    private static String keySet(TestIssuer issuer) {
        RSAPublicKey key = (RSAPublicKey) issuer.keyPair().getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\","
                + "\"kid\":\"" + issuer.keyId() + "\","
                + "\"n\":\"" + base64Url(key.getModulus()) + "\","
                + "\"e\":\"" + base64Url(key.getPublicExponent()) + "\"}]}";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
