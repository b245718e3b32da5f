package ru.civicpulse.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook bodies are bounded, and a delivery with a wrong Telegram secret, to an unknown
 * callback, or declaring a body over the limit is answered before its body is read: the client
 * below sends only the first 64 KiB of a declared 50 MB body and gets its answer (a server that
 * read the body in full would never answer; the read times out after 60 s).
 */
@QuarkusTest
class WebhookLimitsTest {
    private static final int SENT = 64 * 1024;

    /** Sends the head of a request and the first 64 KiB of its body, then reads the status line. */
    private static String statusAfterPartialBody(String path, long declaredLength, String extraHeader) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declaredLength + "\r\n" + (extraHeader == null ? "" : extraHeader + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < SENT; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            System.out.printf("%s with %d of %d bytes sent: '%s' after %d ms%n", path, SENT, declaredLength, line.toString().strip(),
                    (System.nanoTime() - started) / 1_000_000);
            return line.toString().strip();
        }
    }

    @Test
    void aWrongTelegramSecretIsRefusedBeforeA50MegabyteBodyIsRead() throws IOException {
        assertThat(statusAfterPartialBody("/webhooks/telegram/demo", 50_000_000, "X-Telegram-Bot-Api-Secret-Token: wrong"))
                .startsWith("HTTP/1.1 403");
        assertThat(statusAfterPartialBody("/webhooks/telegram/demo", 50_000_000, null)).startsWith("HTTP/1.1 403");
        assertThat(statusAfterPartialBody("/webhooks/telegram/other-bot", 20_000_000, "X-Telegram-Bot-Api-Secret-Token: test-telegram-secret"))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void anUnknownVkCallbackIsRefusedBeforeItsBodyIsRead() throws IOException {
        assertThat(statusAfterPartialBody("/webhooks/vk/unknown", 20_000_000, null)).startsWith("HTTP/1.1 403");
    }

    @Test
    void aDeclaredBodyOverOneMebibyteIs413BeforeItIsRead() throws IOException {
        assertThat(statusAfterPartialBody("/webhooks/telegram/demo", 20_000_000, "X-Telegram-Bot-Api-Secret-Token: test-telegram-secret"))
                .startsWith("HTTP/1.1 413");
        assertThat(statusAfterPartialBody("/webhooks/vk/demo", 1_048_577, null)).startsWith("HTTP/1.1 413");
    }

    @Test
    void aBodyWithoutLengthIsCutOffAtTheLimit() throws Exception {
        byte[] body = ("{\"update_id\": 1, \"message\": {\"text\": \"" + "а".repeat(700_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : new String[]{"/webhooks/telegram/demo", "/webhooks/vk/demo"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", "test-telegram-secret")
                    // no length: the body is sent chunked
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
    }
}
