package ru.civicpulse.testsupport.fuzz;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFuzzerTest {

    private static final FuzzTarget JSON = FuzzTarget.json("POST", "/api/v1/things")
            .field("text", FieldKind.text("Нет горячей воды"))
            .field("municipality", FieldKind.code("voronezh", "kursk"))
            .field("from", FieldKind.timestamp())
            .field("day", FieldKind.date())
            .field("count", FieldKind.integer(3));

    private static final FuzzTarget MULTIPART = FuzzTarget.multipart("POST", "/api/v1/uploads")
            .file("file", "train.csv", "text/csv", "text,category\nгаз,ЖКХ\n")
            .field("textColumn", FieldKind.text("text"))
            .field("includeFeedback", FieldKind.bool());

    private static final FuzzTarget PATH = FuzzTarget.none("GET", "/api/v1/jobs/{id}").pathParam("id", FieldKind.uuid());

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theSameSeedGivesTheSameRequestsByteForByte() {
        for (FuzzTarget t : List.of(JSON, MULTIPART, PATH)) {
            List<FuzzRequest> a = new RequestFuzzer(7, t).hugeValues(1000, 2000).next(300);
            List<FuzzRequest> b = new RequestFuzzer(7, t).hugeValues(1000, 2000).next(300);
            List<FuzzRequest> c = new RequestFuzzer(8, t).hugeValues(1000, 2000).next(300);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).body()).as("request %d of %s", i, t).isEqualTo(a.get(i).body());
                assertThat(b.get(i).pathAndQuery()).isEqualTo(a.get(i).pathAndQuery());
                assertThat(b.get(i).contentType()).isEqualTo(a.get(i).contentType());
            }
            assertThat(c.stream().map(FuzzRequest::attack).toList()).isNotEqualTo(a.stream().map(FuzzRequest::attack).toList());
        }
    }

    @Test
    void aJsonTargetGetsEveryKindOfAttack() {
        List<FuzzRequest> requests = new RequestFuzzer(1, JSON).hugeValues(1 << 20, 5 << 20).next(3000);
        Set<String> attacks = new HashSet<>();
        requests.forEach(r -> attacks.add(r.attack()));
        assertThat(attacks).contains("json.broken", "json.wrong-type", "json.deep-nesting", "json.huge", "json.invalid-utf8",
                "json.control", "json.odd-date", "json.unknown-code", "json.missing", "json.extra", "json.not-object",
                "json.hostile-text", "content-type", "query");

        assertThat(requests).anySatisfy(r -> assertThat(r.body().length).isGreaterThanOrEqualTo(1 << 20));
        assertThat(requests).allSatisfy(r -> assertThat(r.body().length).isLessThanOrEqualTo((5 << 20) + 1000));
        assertThat(requests).anySatisfy(r -> assertThat(depth(r.body())).isGreaterThan(5000));
        assertThat(requests).anySatisfy(r -> assertThat(isUtf8(r.body())).isFalse());
        assertThat(requests).anySatisfy(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\\u0000"));
        assertThat(requests).anySatisfy(r -> assertThat(r.body()).contains((byte) 0));
        assertThat(requests).anySatisfy(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"2026-02-30"));
        assertThat(requests).anySatisfy(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"0000-01-01"));
        assertThat(requests).anySatisfy(r -> assertThat(r.contentType()).isNull());
        assertThat(requests).anySatisfy(r -> assertThat(r.contentType()).isEqualTo("text/plain"));
    }

    @Test
    void multipartAndPathTargetsAreAttackedToo() {
        Set<String> attacks = new HashSet<>();
        new RequestFuzzer(2, MULTIPART).next(2000).forEach(r -> attacks.add(r.attack()));
        assertThat(attacks).contains("multipart.broken", "multipart.invalid-utf8", "multipart.control", "multipart.binary-file",
                "multipart.csv", "multipart.missing", "multipart.wrong-type", "multipart.extra", "multipart.hostile-text",
                "content-type");

        List<FuzzRequest> paths = new RequestFuzzer(3, PATH).next(500);
        assertThat(paths).anySatisfy(r -> assertThat(r.attack()).isEqualTo("path.param"));
        // every generated path is a valid URI (hostile bytes are percent-encoded)
        assertThat(paths).allSatisfy(r -> URI.create("http://127.0.0.1:1" + r.pathAndQuery()));
        assertThat(paths).anySatisfy(r -> assertThat(r.pathAndQuery()).contains("%00"));
    }

    @Test
    void theDriverCountsAnswersPerStatusAndReportsServerErrorsAndLeaks() throws IOException {
        AtomicInteger seenWithToken = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("Bearer secret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                seenWithToken.incrementAndGet();
            }
            int status;
            String type = "application/problem+json";
            String answer;
            if (!isUtf8(body)) {
                status = 500;
                answer = "{\"detail\":\"java.nio.charset.MalformedInputException at /work/x\"}";
            } else if (depth(body) > 1000) {
                status = 400;
                type = "text/plain";
                answer = "too deep";
            } else {
                status = 400;
                answer = "{\"status\":400,\"title\":\"Bad Request\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();

        FuzzResult r = FuzzDriver.to(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .bearer("secret").concurrency(4)
                .run(new RequestFuzzer(5, JSON).hugeValues(1000, 5000), 400);
        System.out.println(r.report());

        assertThat(r.byStatus().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
        assertThat(seenWithToken).hasValue(400);
        assertThat(r.count(500)).isPositive();
        assertThat(r.serverErrorCount()).isEqualTo(r.count(500));
        assertThat(r.serverErrors()).isNotEmpty();
        assertThat(r.leaks()).isNotEmpty();
        assertThat(r.notProblemJson()).isNotEmpty();
        assertThat(r.byAttack().get("json.invalid-utf8")).containsKey(500);
        assertThat(r.summary()).startsWith("POST /api/v1/things: 400 requests in ");
        assertThat(FuzzDriver.leaks("{\"title\":\"Bad Request\",\"detail\":\"Поле text слишком длинное.\"}")).isFalse();
        assertThat(FuzzDriver.leaks("com.fasterxml.jackson.core.JsonParseException: Unexpected")).isTrue();
        assertThat(FuzzDriver.leaks("ERROR: invalid byte sequence; SQL state: 22021")).isTrue();
    }

    @Test
    void aConnectionClosedUnansweredIsAFailureUnlessTheRequestLineIsOverTheServersLimit() throws Exception {
        // a server that reads the request line and closes without a word, as an HTTP server does with
        // one over its limit: only requests with such lines may go unanswered
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            FuzzDriver driver = FuzzDriver.to(URI.create("http://127.0.0.1:" + socket.getLocalPort())).timeout(Duration.ofSeconds(10));
            String longPath = "/api/v1/jobs/" + "x".repeat(5000);
            FuzzResult r = driver.run("closing server", () -> new FuzzRequest("t", "query", "GET", longPath, null, new byte[0]), 20);
            assertThat(r.count(FuzzResult.CLOSED_LONG_LINE)).isEqualTo(20);
            assertThat(r.serverErrorCount()).isZero();
            assertThat(r.summary()).contains("closed×20");

            FuzzResult shortLine = driver.run("closing server", () -> new FuzzRequest("t", "query", "GET", "/api/v1/jobs/1", null,
                    new byte[0]), 20);
            assertThat(shortLine.count(FuzzResult.NO_RESPONSE)).isEqualTo(20);
            assertThat(shortLine.serverErrorCount()).isEqualTo(20);
        }
    }

    @Test
    void anAnswerBeforeTheWholeBodyIsReadCountsAsThatAnswer() throws Exception {
        // a server that refuses a body over its limit as soon as it has the head, answers 413 and closes
        // without reading the body, as an HTTP server does with a Content-Length over its limit
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread answer = new Thread(() -> refuseAfterHead(s));
                        answer.setDaemon(true);
                        answer.start();
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            byte[] body = new byte[5 << 20];
            FuzzResult r = FuzzDriver.to(URI.create("http://127.0.0.1:" + socket.getLocalPort())).concurrency(4)
                    .timeout(Duration.ofSeconds(10))
                    .run("early answers", () -> new FuzzRequest("t", "json.huge", "POST", "/api/v1/things", "application/json", body), 100);
            assertThat(r.byStatus()).as(r.report()).containsExactly(java.util.Map.entry(413, 100));
            assertThat(r.serverErrors()).isEmpty();
            assertThat(r.clientCpu()).isPositive();
            assertThat(r.summary()).contains("client CPU");
        }
    }

    private static void refuseAfterHead(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            for (int endOfLine = 0; endOfLine < 4; ) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                endOfLine = b == '\r' || b == '\n' ? endOfLine + 1 : 0;
            }
            s.getOutputStream().write(("HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: application/problem+json\r\n"
                    + "Content-Length: 15\r\nConnection: close\r\n\r\n{\"status\": 413}").getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the client went away
        }
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int depth(byte[] body) {
        int depth = 0;
        int max = 0;
        for (byte b : body) {
            if (b == '[' || b == '{') {
                max = Math.max(max, ++depth);
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return max;
    }
}
