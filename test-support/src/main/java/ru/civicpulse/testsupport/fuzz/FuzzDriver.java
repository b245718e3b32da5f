package ru.civicpulse.testsupport.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sends generated requests to a running server over plain HTTP/1.1 keep-alive connections, several at a
 * time, and counts the answers per status and per attack. Requests are drawn in order under one lock, so a
 * seeded {@link RequestFuzzer} stays reproducible whatever the concurrency.
 *
 * <p>The client is kept lean because it shares the CPU with the server under test: each connection is one
 * non-blocking socket served by its own thread, the fixed headers are encoded once per run, a request is
 * written straight from its body array, and counts are kept per thread and merged at the end. An answer the
 * server sends before it has read the whole body (an early 413, after which it closes) is read while the body
 * is still being written, as an HTTP client does. The CPU time the client spends is measured per thread and
 * reported with the result.
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
    /** Statuses from -2 ({@link FuzzResult#CLOSED_LONG_LINE}) to 599, as indexes from 0. */
    private static final int STATUS_OFFSET = 2;
    private static final int UNSENDABLE = -1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final URI base;
    /** The base's path without a trailing slash: the targets' paths are appended to it. */
    private final String basePath;
    private String authorization;
    private int concurrency = 4;
    private int maxRequestLine = 4096;
    private Duration timeout = Duration.ofSeconds(60);
    private final Map<String, String> headers = new LinkedHashMap<>();

    private FuzzDriver(URI base) {
        this.base = base;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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
        if (!RequestHead.isValidHeaderValue(value)) {
            throw new IllegalArgumentException("header " + name + " has a value no HTTP client may send");
        }
        headers.put(name, value);
        return this;
    }

    /** Requests in flight at once (default 4): one connection and one thread each. */
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
        Run run = new Run(requests, n, fixedHeaders(), new InetSocketAddress(base.getHost(), port()));
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < Math.min(concurrency, Math.max(n, 1)); i++) {
            Worker w = new Worker(run);
            Thread t = new Thread(w, "fuzz-client-" + i);
            t.setDaemon(true);
            workers.add(w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fuzzing " + name, e);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<String, int[]> byAttack = new HashMap<>();
        long cpu = 0;
        long drawCpu = 0;
        for (Worker w : workers) {
            if (w.crash != null) {
                throw new IllegalStateException("the fuzz client failed", w.crash);
            }
            cpu += w.cpuNanos;
            drawCpu += w.drawCpuNanos;
            w.byAttack.forEach((attack, counts) -> {
                int[] sum = byAttack.computeIfAbsent(attack, k -> new int[counts.length]);
                for (int i = 0; i < counts.length; i++) {
                    sum[i] += counts[i];
                }
            });
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Map<Integer, Integer>> attacks = new TreeMap<>();
        byAttack.forEach((attack, counts) -> {
            Map<Integer, Integer> m = new TreeMap<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    m.put(i - STATUS_OFFSET, counts[i]);
                    byStatus.merge(i - STATUS_OFFSET, counts[i], Integer::sum);
                }
            }
            attacks.put(attack, Collections.unmodifiableMap(m));
        });
        return new FuzzResult(name, n, Collections.unmodifiableMap(byStatus), Collections.unmodifiableMap(attacks),
                List.copyOf(run.serverErrors), List.copyOf(run.notProblem), List.copyOf(run.leaks), elapsed,
                Duration.ofNanos(cpu), Duration.ofNanos(drawCpu));
    }

    /** Host, authorization, the extra headers and Accept: the same on every request, encoded once. */
    private byte[] fixedHeaders() {
        StringBuilder sb = new StringBuilder();
        sb.append("Host: ").append(base.getHost()).append(':').append(port()).append("\r\n");
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Accept: application/json, application/problem+json\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : 80;
    }

    /** What all the workers of one run share: the request source and the failure examples. */
    private static final class Run {
        final Supplier<FuzzRequest> requests;
        final int n;
        final byte[] fixedHeaders;
        final InetSocketAddress address;
        int drawn;
        final List<String> serverErrors = new ArrayList<>();
        final List<String> notProblem = new ArrayList<>();
        final List<String> leaks = new ArrayList<>();

        Run(Supplier<FuzzRequest> requests, int n, byte[] fixedHeaders, InetSocketAddress address) {
            this.requests = requests;
            this.n = n;
            this.fixedHeaders = fixedHeaders;
            this.address = address;
        }

        /** The next request, or null when all are drawn: one lock keeps the seeded order. */
        synchronized FuzzRequest next() {
            if (drawn >= n) {
                return null;
            }
            drawn++;
            return requests.get();
        }
    }

    /** One connection's thread: draws, sends, reads, counts. */
    private final class Worker implements Runnable {
        final Run run;
        final Map<String, int[]> byAttack = new HashMap<>();
        long cpuNanos;
        long drawCpuNanos;
        Throwable crash;
        private final RequestHead head = new RequestHead();
        private HttpConnection connection;

        Worker(Run run) {
            this.run = run;
        }

        @Override
        public void run() {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            try (Selector selector = Selector.open()) {
                while (true) {
                    long drawStart = THREADS.getCurrentThreadCpuTime();
                    FuzzRequest r = run.next();
                    drawCpuNanos += THREADS.getCurrentThreadCpuTime() - drawStart;
                    if (r == null) {
                        break;
                    }
                    send(r, selector);
                }
            } catch (Throwable t) {
                crash = t;
            } finally {
                closeConnection();
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        }

        private void send(FuzzRequest r, Selector selector) {
            String target = requestTarget(r.pathAndQuery());
            int headLength = target == null ? -1 : head.encode(r, target, run.fixedHeaders);
            if (headLength < 0) {
                // HttpClient refuses such a request (a URI or header value it does not allow): count it as such
                count(r.attack() + ".unsendable", UNSENDABLE);
                return;
            }
            HttpConnection.Response response = null;
            IOException failure = null;
            // a connection the server closed after answering the previous request (an early 413/414 closes it)
            // fails the next request on it: retry that once on a fresh connection, as clients do; a second
            // failure counts as no answer
            for (int attempt = 0; attempt < 2 && response == null; attempt++) {
                try {
                    if (connection == null) {
                        connection = new HttpConnection(selector, run.address, timeout);
                    }
                    response = connection.exchange(head.bytes(), headLength, r.body(), System.nanoTime() + timeout.toNanos());
                } catch (IOException e) {
                    failure = e;
                    closeConnection();
                }
            }
            if (response != null && !response.keepAlive()) {
                closeConnection();
            }
            // a request line over the server's limit is refused before any application code, and the connection
            // closed: the client may see that before it reads the 414
            int status = response != null ? response.status()
                    : requestLineLength(r) > maxRequestLine ? FuzzResult.CLOSED_LONG_LINE : FuzzResult.NO_RESPONSE;
            count(r.attack(), status);
            if (status == FuzzResult.NO_RESPONSE) {
                example(run.serverErrors, "no answer (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + "): "
                        + r.describe());
            } else if (response != null) {
                check(r, response, run);
            }
        }

        private void count(String attack, int status) {
            int index = status + STATUS_OFFSET;
            if (index < 0 || index >= 600 + STATUS_OFFSET) {
                throw new IllegalStateException("status out of range: " + status);
            }
            byAttack.computeIfAbsent(attack, k -> new int[600 + STATUS_OFFSET])[index]++;
        }

        private void closeConnection() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    /**
     * The request target for {@code pathAndQuery}, as {@code java.net.http} would send it, or null if it would
     * refuse it: a plain percent-encoded path is taken as it is, anything else goes through {@link URI}.
     */
    private String requestTarget(String pathAndQuery) {
        if (RequestHead.isPlainTarget(pathAndQuery)) {
            return basePath.isEmpty() ? pathAndQuery : basePath + pathAndQuery;
        }
        try {
            URI uri = URI.create(base.toString().replaceAll("/$", "") + pathAndQuery);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            String ascii = URI.create("http://h" + target).toASCIIString().substring("http://h".length());
            return RequestHead.isPlainTarget(ascii) ? ascii : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void check(FuzzRequest r, HttpConnection.Response response, Run run) {
        int status = response.status();
        if (status < 400) {
            return;
        }
        String body = response.bodyText();
        String shortBody = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        if (status >= 500) {
            example(run.serverErrors, status + " " + shortBody + " ← " + r.describe());
        }
        String type = response.contentType() == null ? "" : response.contentType();
        if (!type.startsWith("application/problem+json")) {
            example(run.notProblem, status + " [" + type + "] " + shortBody + " ← " + r.describe());
        }
        var m = LEAK.matcher(body);
        if (m.find()) {
            example(run.leaks, status + " «" + m.group() + "» in " + shortBody + " ← " + r.describe());
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
}
