package ru.civicpulse.reporting.models;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ru.civicpulse.testsupport.FreePorts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for classification-service's model registry (the real one is tested in its module and
 * in the system tests): records each request and gives the answer a test set. Stoppable, to see
 * what reporting does while classification-service is down.
 */
public class ClassificationStub implements QuarkusTestResourceLifecycleManager {
    public record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    public record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private static final int PORT = FreePorts.next();
    private static HttpServer server;
    private static volatile Answer answer = new Answer(200, "application/json", "[]", Map.of());
    private static volatile Seen last;
    private static final AtomicInteger calls = new AtomicInteger();

    public static String url() {
        return "http://127.0.0.1:" + PORT;
    }

    public static void answer(int status, String contentType, String body, Map<String, String> headers) {
        answer = new Answer(status, contentType, body, headers);
    }

    public static Seen last() {
        return last;
    }

    public static int calls() {
        return calls.get();
    }

    @Override
    public Map<String, String> start() {
        up();
        return Map.of("civicpulse.reporting.classification.url", url(), "civicpulse.reporting.classification.timeout", "PT5S");
    }

    @Override
    public void stop() {
        down();
    }

    public static synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 16);
            http.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                last = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8));
                calls.incrementAndGet();
                Answer a = answer;
                byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", a.contentType());
                a.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            });
            http.start();
            server = http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
