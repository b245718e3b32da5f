package ru.civicpulse.ingestion.bench;

import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.Source;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Load tool (not a test): measures {@code POST /api/v1/messages} with single messages and with
 * batches of 100 against a running ingestion-service, and a plain JDBC insert of the same rows
 * into the same PostgreSQL in the same run, then prints messages per second and the ratios.
 * Optionally imports a generated N-row CSV export (to run the service at -Xmx256m against it).
 *
 * <pre>
 * mvn -o -q -pl ingestion-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=ru.civicpulse.ingestion.bench.IntakeBenchmark \
 *   -Dexec.args="url=http://127.0.0.1:18081 token=$TOKEN jdbc=jdbc:postgresql://127.0.0.1:15432/ingestion user=civicpulse password=civicpulse"
 * </pre>
 * Keys: url, token (or tokenFile), adminToken (or adminTokenFile, for import), jdbc, user, password,
 * single (default 2000), batches (default 200), threads (default 8), importRows (default 0).
 */
public final class IntakeBenchmark {
    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private IntakeBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new java.util.HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                args.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        new IntakeBenchmark(args).run();
        System.exit(0);
    }

    private String arg(String key, String fallback) {
        return args.getOrDefault(key, fallback);
    }

    private String token(String key) throws IOException {
        if (args.containsKey(key)) {
            return args.get(key);
        }
        return Files.readString(Path.of(arg(key + "File", "target/bench/" + (key.equals("token") ? "token" : "token-admin")))).strip();
    }

    private void run() throws Exception {
        int single = Integer.parseInt(arg("single", "2000"));
        int batches = Integer.parseInt(arg("batches", "200"));
        int threads = Integer.parseInt(arg("threads", "8"));
        int importRows = Integer.parseInt(arg("importRows", "0"));

        parallel(threads, 200, i -> post(message("warmup-" + i)));        // JIT and connection pools
        double singleRate = parallel(threads, single, i -> post(message("single-" + i)));
        double batchRate = parallel(threads, batches, b -> {
            StringBuilder body = new StringBuilder("{\"messages\": [");
            for (int k = 0; k < 100; k++) {
                body.append(k == 0 ? "" : ",").append(message("batch-" + b + "-" + k));
            }
            post(body.append("]}").toString());
        }) * 100;
        double jdbcRate = jdbcBaseline(threads, batches);

        System.out.printf("%nIntake benchmark (%d client threads)%n", threads);
        System.out.printf("  single-message POSTs : %8.0f msgs/s  (%d messages)%n", singleRate, single);
        System.out.printf("  batch-100 POSTs      : %8.0f msgs/s  (%d messages)%n", batchRate, batches * 100);
        System.out.printf("  plain JDBC insert    : %8.0f msgs/s  (%d rows, batches of 100, no outbox, no HTTP)%n", jdbcRate, batches * 100);
        System.out.printf("  single / JDBC = %.2f, batch-100 / JDBC = %.2f, batch-100 / single = %.1f%n",
                singleRate / jdbcRate, batchRate / jdbcRate, batchRate / singleRate);
        if (importRows > 0) {
            importFile(importRows);
        }
    }

    private String message(String local) {
        return """
                {"source": "API", "sourceMessageId": "bench-%s-%s", "kind": "APPEAL", "municipality": "voronezh",
                 "publishedAt": "2026-03-01T09:30:00+03:00", "authorId": "bench-author-%s",
                 "text": "Во дворе дома по улице Кольцовской третий день не вывозят мусор, контейнеры переполнены, звоните 8 903 123 45 67"}
                """.formatted(run, local, local.hashCode() % 1000);
    }

    private void post(String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(arg("url", "http://127.0.0.1:18081") + "/api/v1/messages"))
                    .header("Authorization", "Bearer " + token("token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code count} tasks on {@code threads} threads; returns tasks per second. */
    private static double parallel(int threads, int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    /** The same rows inserted straight into a copy of the messages table, 100 per statement batch and commit. */
    private double jdbcBaseline(int threads, int batches) throws Exception {
        String url = arg("jdbc", "jdbc:postgresql://127.0.0.1:15432/ingestion");
        String user = arg("user", "civicpulse");
        String password = arg("password", "civicpulse");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_messages");
            s.execute("create table bench_messages (like messages including all)");
        }
        String sql = "insert into bench_messages (id, source, source_message_id, revision, kind, text, published_at, received_at, "
                + "updated_at, municipality, attachments) values (?, 'API', ?, 1, 'APPEAL', ?, ?, ?, ?, 'voronezh', '[]'::jsonb) "
                + "on conflict do nothing";
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url, user, password);
                c.setAutoCommit(false);
                return c;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        double rate = parallel(threads, batches, b -> {
            Connection c = connections.get();
            if (!opened.contains(c)) {
                opened.add(c);
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                for (int k = 0; k < 100; k++) {
                    String sourceId = "bench-" + run + "-jdbc-" + b + "-" + k;
                    ps.setObject(1, MessageIds.of(Source.API, sourceId));
                    ps.setString(2, sourceId);
                    ps.setString(3, "Во дворе дома по улице Кольцовской третий день не вывозят мусор, контейнеры переполнены, звоните [телефон скрыт]");
                    ps.setObject(4, now);
                    ps.setObject(5, now);
                    ps.setObject(6, now);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }) * 100;
        for (Connection c : opened) {
            c.close();
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("drop table bench_messages");
        }
        return rate;
    }

    /** Generates an «Инцидент Менеджмент» CSV export of {@code rows} rows and imports it. */
    private void importFile(int rows) throws Exception {
        Path csv = Files.createTempFile("im-export", ".csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("Номер инцидента;Дата создания;Группа тем;Тема;Муниципалитет;Текст инцидента;Исполнитель\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write("IM-" + run + "-" + i + ";" + "%02d.03.2026 10:%02d".formatted(1 + i % 28, i % 60)
                        + ";ЖКХ;Отопление;Воронеж;\"Нет отопления в квартире, дом " + (i % 300) + ", подъезд " + (i % 6)
                        + "\";Управляющая компания\r\n");
            }
        }
        String boundary = "bench" + run;
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"export.csv\"\r\nContent-Type: text/csv\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(csv),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        Instant start = Instant.now();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(arg("url", "http://127.0.0.1:18081") + "/api/v1/imports"))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token("adminToken"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        System.out.printf("  import of %d-row CSV (%d MB): HTTP %d in %.1f s = %.0f rows/s%n  %s%n", rows,
                Files.size(csv) / 1_000_000, response.statusCode(), seconds, rows / seconds,
                response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
        Files.delete(csv);
    }
}
