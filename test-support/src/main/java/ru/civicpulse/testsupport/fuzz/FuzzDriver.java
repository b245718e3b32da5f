package ru.civicpulse.testsupport.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sends generated requests to a running server with {@code java.net.http}, several at a time, and
 * counts the answers per status and per attack. Requests are drawn in order from one thread, so a
 * seeded {@link RequestFuzzer} stays reproducible whatever the concurrency.
 *
 * <pre>{@code
 * FuzzResult r = FuzzDriver.to(URI.create("http://127.0.0.1:" + port))
 *         .bearer(Tokens.regionAdmin())
 *         .concurrency(8)
 *         .run(new RequestFuzzer(42, target), 10_000);
 * System.out.println(r.report());
 * assertThat(r.serverErrorCount()).isZero();
 * }</pre>
 */
public final class FuzzDriver {

    /** What an error body must not contain: Java types, exceptions, stack frames, file paths, SQL states. */
    private static final Pattern LEAK = Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|com|org|io|ru)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]+"
                    // bounded runs: an unbounded run followed by a suffix is quadratic on a long body
                    + "|\\b[A-Za-z]{1,80}(?:Exception|Error)\\b|\\bat [a-z][\\w.$]{0,200}\\(|\\.java:\\d+|(?i:sql ?state)"
                    + "|(?:^|[\\s\"'(=])/(?:tmp|home|work|usr|var|opt|root|etc|deployments|proc)/|\\b[A-Z]:\\\\");

    private static final int MAX_EXAMPLES = 10;

    private final URI base;
    private String authorization;
    private int concurrency = 4;
    private int maxRequestLine = 4096;
    private Duration timeout = Duration.ofSeconds(60);
    private HttpClient client;
    private final Map<String, String> headers = new java.util.LinkedHashMap<>();

    private FuzzDriver(URI base) {
        this.base = base;
    }

    /** A driver for the server at {@code base} (scheme, host and port; the targets' paths are appended). */
    public static FuzzDriver to(URI base) {
        return new FuzzDriver(base);
    }

    /** Sends {@code Authorization: Bearer <token>} with every request. */
    public FuzzDriver bearer(String token) {
        this.authorization = token == null ? null : "Bearer " + token;
        return this;
    }

    /** Sends this header with every request (a webhook's secret, for instance). */
    public FuzzDriver header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Requests in flight at once (default 4). */
    public FuzzDriver concurrency(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.concurrency = n;
        return this;
    }

    /**
     * The HTTP server's limit on the request line (Quarkus's {@code quarkus.http.limits.max-initial-line-length},
     * 4096 by default): a longer one whose connection closes unanswered is not counted as a failure.
     */
    public FuzzDriver maxRequestLine(int bytes) {
        this.maxRequestLine = bytes;
        return this;
    }

    private static int requestLineLength(FuzzRequest r) {
        return r.method().length() + 1 + r.pathAndQuery().length() + " HTTP/1.1".length();
    }

    /** How long one request may take before it counts as not answered (default 60 s). */
    public FuzzDriver timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Sends {@code n} requests drawn from the fuzzer. */
    public FuzzResult run(RequestFuzzer fuzzer, int n) {
        return run(fuzzer.target().name(), fuzzer, n);
    }

    /** Sends {@code n} requests drawn from {@code requests}, reported under {@code name}. */
    public FuzzResult run(String name, Supplier<FuzzRequest> requests, int n) {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        }
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<String, Map<Integer, AtomicInteger>> byAttack = new ConcurrentHashMap<>();
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<String> notProblem = Collections.synchronizedList(new ArrayList<>());
        List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            FuzzRequest r = requests.get();
            inFlight.acquireUninterruptibly();
            CompletableFuture<?> f;
            try {
                HttpRequest request = build(r);
                // a connection the server closed after answering the previous request (an early 413/414
                // closes it) fails the next request on it: retry that once on a fresh connection, as
                // clients do; a second failure counts as no answer
                f = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                        .handle((response, failure) -> failure == null
                                ? CompletableFuture.completedFuture(response)
                                : client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                        .thenCompose(x -> x)
                        .handle((response, failure) -> {
                            // a request line over the server's limit is refused before any application code,
                            // and the connection closed: the client may see that before it reads the 414
                            int status = failure == null ? response.statusCode()
                                    : requestLineLength(r) > maxRequestLine ? FuzzResult.CLOSED_LONG_LINE : FuzzResult.NO_RESPONSE;
                            byStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                            byAttack.computeIfAbsent(r.attack(), k -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                            if (status == FuzzResult.NO_RESPONSE) {
                                example(serverErrors, "no answer (" + rootMessage(failure) + "): " + r.describe());
                            } else if (failure == null) {
                                check(r, response, serverErrors, notProblem, leaks);
                            }
                            return null;
                        })
                        .whenComplete((x, y) -> inFlight.release());
            } catch (IllegalArgumentException e) {
                // the client refused to build the request (a header value it does not allow): count it as such
                inFlight.release();
                byStatus.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                byAttack.computeIfAbsent(r.attack() + ".unsendable", k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                continue;
            }
            pending.add(f);
            if (pending.size() > 4 * concurrency) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new FuzzResult(name, n, freeze(byStatus), freezeNested(byAttack), List.copyOf(serverErrors), List.copyOf(notProblem),
                List.copyOf(leaks), elapsed);
    }

    private HttpRequest build(FuzzRequest r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + r.pathAndQuery()))
                .timeout(timeout)
                .method(r.method(), r.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        if (r.contentType() != null) {
            b.header("Content-Type", r.contentType());
        }
        b.header("Accept", "application/json, application/problem+json");
        return b.build();
    }

    private static void check(FuzzRequest r, HttpResponse<byte[]> response, List<String> serverErrors, List<String> notProblem,
                              List<String> leaks) {
        int status = response.statusCode();
        if (status < 400) {
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String shortBody = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        if (status >= 500) {
            example(serverErrors, status + " " + shortBody + " ← " + r.describe());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            example(notProblem, status + " [" + type + "] " + shortBody + " ← " + r.describe());
        }
        var m = LEAK.matcher(body);
        if (m.find()) {
            example(leaks, status + " «" + m.group() + "» in " + shortBody + " ← " + r.describe());
        }
    }

    /** Whether an error body names a Java type, an exception, a stack frame, a file path or an SQL state. */
    public static boolean leaks(String body) {
        return LEAK.matcher(body).find();
    }

    private static void example(List<String> list, String text) {
        synchronized (list) {
            if (list.size() < MAX_EXAMPLES) {
                list.add(text);
            }
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof IOException ? c.getClass().getSimpleName() + ": " + c.getMessage() : String.valueOf(c);
    }

    private static Map<Integer, Integer> freeze(Map<Integer, AtomicInteger> m) {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Map<Integer, Integer>> freezeNested(Map<String, Map<Integer, AtomicInteger>> m) {
        Map<String, Map<Integer, Integer>> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, freeze(v)));
        return Collections.unmodifiableMap(out);
    }
}
