package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.civicpulse.contracts.EventJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Where the running stack is and how to talk to it: URLs, demo secrets and tokens from the real Keycloak. */
public final class Stack {
    public final String keycloak;
    public final String ingestion;
    public final String reporting;
    public final String kafka;
    public final String ingestSecret;
    public final String vkSecret;
    public final String telegramSecret;
    public final Path state;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = EventJson.mapper();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {
    }

    public Stack(String keycloak, String ingestion, String reporting, String kafka, String ingestSecret, String vkSecret,
                 String telegramSecret, Path state) {
        this.keycloak = keycloak;
        this.ingestion = ingestion;
        this.reporting = reporting;
        this.kafka = kafka;
        this.ingestSecret = ingestSecret;
        this.vkSecret = vkSecret;
        this.telegramSecret = telegramSecret;
        this.state = state;
    }

    /** The stack as ./civicpulse describes it in the environment (defaults: the local stack's ports). */
    public static Stack fromEnvironment() {
        return new Stack(env("CIVICPULSE_KEYCLOAK_URL", "http://127.0.0.1:18080"),
                env("CIVICPULSE_INGESTION_URL", "http://127.0.0.1:18081"),
                env("CIVICPULSE_REPORTING_URL", "http://127.0.0.1:18083"),
                env("CIVICPULSE_KAFKA", "127.0.0.1:19092"),
                env("CIVICPULSE_INGEST_SECRET", "ingest-demo-secret"),
                env("CIVICPULSE_VK_DEMO_SECRET", "vk-demo-secret"),
                env("CIVICPULSE_TELEGRAM_DEMO_SECRET", "telegram-demo-secret"),
                Path.of(env("CIVICPULSE_STATE", ".local")));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Realm of a demo account. */
    public static String realmOf(String account) {
        return switch (account) {
            case "official", "official-other" -> "city";
            case "analyst", "admin", "ingest" -> "region";
            default -> throw new IllegalArgumentException("unknown account " + account);
        };
    }

    /** An access token for a demo account (password grant; client credentials for {@code ingest}), cached until near expiry. */
    public String token(String account) {
        Token t = tokens.get(account);
        if (t != null && t.expires().isAfter(Instant.now().plusSeconds(60))) {
            return t.value();
        }
        Map<String, String> form = "ingest".equals(account)
                ? Map.of("grant_type", "client_credentials", "client_id", "ingest", "client_secret", ingestSecret)
                : Map.of("grant_type", "password", "client_id", "civicpulse-cli", "username", account, "password", account);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/" + realmOf(account) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + account + ": " + r.statusCode() + " " + r.body());
        }
        JsonNode n = read(r.body());
        Token token = new Token(n.get("access_token").asText(), Instant.now().plusSeconds(n.path("expires_in").asLong(300)));
        tokens.put(account, token);
        return token.value();
    }

    public HttpResponse<String> get(String url, String account) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token(account))
                .header("Accept", "application/json").GET().build());
    }

    public HttpResponse<byte[]> getBytes(String url, String account) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + token(account)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postJson(String url, String account, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)));
        if (account != null) {
            b.header("Authorization", "Bearer " + token(account));
        }
        return send(b.build());
    }

    /** A multipart form: the text fields, then one file part named {@code file}. */
    public HttpResponse<String> postMultipart(String url, String account, Map<String, String> fields, String fileName, String contentType,
                                              byte[] content) {
        String boundary = "civicpulse-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token(account))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            HttpRequest withTimeout = HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofMinutes(2)).build();
            return http.send(withTimeout, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The messages reporting counts over a period, seen by {@code account}: the sum of its daily time
     * series, the same count as the topic table's total. The series is read from the daily rollups
     * alone, while the topic table also unites author sets, so polling it costs the stack little.
     */
    public long reportingTotal(String account, String from, String to, String municipality) {
        String url = reporting + "/api/v1/analytics/timeseries?interval=day&from=" + from + "&to=" + to
                + (municipality == null ? "" : "&municipality=" + municipality);
        HttpResponse<String> r = get(url, account);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("reporting answered " + r.statusCode() + ": " + r.body());
        }
        long total = 0;
        for (JsonNode series : read(r.body()).path("series")) {
            total += series.path("total").asLong();
        }
        return total;
    }

    public JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String write(Object body) {
        try {
            return body instanceof String s ? s : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpClient http() {
        return http;
    }
}
