package ru.civicpulse.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcServerTest {
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        OidcServer.stop();
    }

    @Test
    void publishesEachRealmsIssuerAndKeyAndRefusesConnectionsWhileStopped() throws Exception {
        String realm = OidcServer.authServerUrl(TestIssuer.CITY);
        assertThat(realm).startsWith("http://127.0.0.1:").endsWith("/realms/city");
        assertThat(OidcServer.isRunning()).isFalse();
        assertThatThrownBy(() -> get(realm + "/.well-known/openid-configuration")).isInstanceOf(ConnectException.class);

        OidcServer.start();
        assertThat(get(realm + "/.well-known/openid-configuration"))
                .contains("\"issuer\":\"" + TestIssuer.CITY.issuer() + "\"")
                .contains("\"jwks_uri\":\"" + realm + "/protocol/openid-connect/certs\"");
        assertThat(get(realm + "/protocol/openid-connect/certs"))
                .contains("\"kid\":\"" + TestIssuer.CITY.keyId() + "\"")
                .doesNotContain(TestIssuer.REGION.keyId());

        OidcServer.stop();
        assertThatThrownBy(() -> get(realm + "/protocol/openid-connect/certs")).isInstanceOf(ConnectException.class);
        OidcServer.start();
        assertThat(OidcServer.authServerUrl(TestIssuer.CITY)).isEqualTo(realm);
        assertThat(get(realm + "/protocol/openid-connect/certs")).contains(TestIssuer.CITY.keyId());
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
