package ru.civicpulse.testsupport.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link FuzzDriver} run saw for one target: how many answers of each status (status
 * {@value #NO_RESPONSE} counts requests that got no HTTP answer: connection reset or timeout; status
 * {@value #CLOSED_LONG_LINE} counts requests whose request line is over the HTTP server's limit and whose
 * connection the server closed before the client read its 414),
 * the same per attack, and up to a few examples of each kind of failure.
 *
 * @param serverErrors    5xx answers and requests without an answer
 * @param notProblemJson  4xx/5xx answers whose content type is not {@code application/problem+json}
 * @param leaks           error answers whose body names a Java type, an exception, a source file, a file path or an SQL state
 * @param clientCpu       CPU time the client's threads spent, generating the requests included
 * @param generationCpu   the part of {@code clientCpu} spent generating the requests
 */
public record FuzzResult(String target, int requests, Map<Integer, Integer> byStatus, Map<String, Map<Integer, Integer>> byAttack,
                         List<String> serverErrors, List<String> notProblemJson, List<String> leaks, Duration elapsed,
                         Duration clientCpu, Duration generationCpu) {

    public static final int NO_RESPONSE = 0;
    public static final int CLOSED_LONG_LINE = -2;

    /** Requests answered with a 5xx status or not answered at all. */
    public int serverErrorCount() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500 || e.getKey() == NO_RESPONSE)
                .mapToInt(Map.Entry::getValue).sum();
    }

    private static String label(int status) {
        return status == NO_RESPONSE ? "none" : status == CLOSED_LONG_LINE ? "closed" : String.valueOf(status);
    }

    public int count(int status) {
        return byStatus.getOrDefault(status, 0);
    }

    /**
     * One line such as {@code POST /api/v1/classify: 10000 requests in 41.2 s — 200×812 400×7311 413×60 422×1817 —
     * client CPU 61 µs/request (generation 38)}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(target).append(": ").append(requests).append(" requests in ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)).append(" —");
        new TreeMap<>(byStatus).forEach((status, n) -> sb.append(' ').append(label(status)).append('×').append(n));
        sb.append(String.format(java.util.Locale.ROOT, " — client CPU %.0f µs/request (generation %.0f)",
                clientCpuPerRequestMicros(), generationCpu.toNanos() / 1000.0 / Math.max(1, requests)));
        return sb.toString();
    }

    /** The client's CPU time per request, in microseconds: what the fuzzer costs the machine besides the server. */
    public double clientCpuPerRequestMicros() {
        return clientCpu.toNanos() / 1000.0 / Math.max(1, requests);
    }

    /** {@link #summary()} followed by one line per attack. */
    public String report() {
        StringBuilder sb = new StringBuilder(summary());
        new TreeMap<>(byAttack).forEach((attack, counts) -> {
            sb.append("\n    ").append(attack).append(':');
            new TreeMap<>(counts).forEach((status, n) -> sb.append(' ').append(label(status)).append('×').append(n));
        });
        for (String e : serverErrors) {
            sb.append("\n    SERVER ERROR ").append(e);
        }
        for (String e : notProblemJson) {
            sb.append("\n    NOT PROBLEM+JSON ").append(e);
        }
        for (String e : leaks) {
            sb.append("\n    LEAK ").append(e);
        }
        return sb.toString();
    }
}
