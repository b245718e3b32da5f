package ru.civicpulse.tools;

import com.fasterxml.jackson.databind.JsonNode;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./civicpulse load}: measurements of the running stack, each printed next to what Kafka's
 * {@code ProducerPerformance} did on the same broker in the same run (see {@link LoadOptions} for
 * the modes, {@link ServiceWatch} for the services' memory and profiles).
 *
 * <p>Batch mode: a steady stream of realistic messages into ingestion's REST API (one batch every
 * 100 ms), and how long until reporting counts them. Latency "intake → visible" of a batch is the
 * time from sending it until reporting's total has grown by everything sent up to and including
 * that batch (partitions are processed in parallel, so this is the time until the batch's position
 * in the stream is reached).
 */
public final class LoadCommand {
    /** Messages per REST batch when storing messages to re-classify. */
    static final int STORE_BATCH = 500;
    static final Duration WAIT_LIMIT = Duration.ofMinutes(10);

    private final Stack stack;
    private final String classification = Stack.env("CIVICPULSE_CLASSIFICATION_URL", "http://127.0.0.1:18082");

    public LoadCommand(Stack stack) {
        this.stack = stack;
    }

    private record Batch(long sentNanos, long cumulative, int size) {
    }

    public int run(LoadOptions options) throws Exception {
        Optional<Reference> reference = Reference.parse(System.getenv(Reference.VARIABLE));
        System.out.println("reference: " + reference.map(Reference::line).orElse("Kafka ProducerPerformance not measured"));
        ServiceWatch watch = new ServiceWatch(ServiceWatch.pids(System.getenv(ServiceWatch.VARIABLE)),
                ServiceWatch.pids(System.getenv(ServiceWatch.INFRASTRUCTURE)), options.profile() ? stack.state.resolve("profiles") : null);
        try {
            if (options.modes().contains(LoadOptions.Mode.BATCH)) {
                Result r = run(options.rate(), options.duration());
                System.out.println(r.summary());
                System.out.println(Reference.compare("batch intake", r.intakePerSecond(), reference));
                System.out.println(Reference.compare("end to end (intake -> reporting)", r.endToEndPerSecond(), reference));
            }
            if (options.modes().contains(LoadOptions.Mode.SINGLE)) {
                SingleResult r = single(options.clients(), options.duration());
                System.out.println(r.summary());
                System.out.println(Reference.compare("single-message intake", r.perSecond(), reference));
            }
            if (options.modes().contains(LoadOptions.Mode.RECLASSIFY)) {
                ReclassifyLoad.Result r = new ReclassifyLoad(stack, classification).run(options.messages());
                System.out.println(r.summary());
                System.out.println(Reference.compare("re-classification", r.perSecond(), reference));
                System.out.println(Reference.compare("re-classification until counted by reporting", r.visiblePerSecond(), reference));
            }
            if (options.modes().contains(LoadOptions.Mode.REBUILD)) {
                RebuildLoad.Result r = new RebuildLoad(stack).run();
                System.out.println(r.summary());
                System.out.println(Reference.compare("read-model rebuild", r.perSecond(), reference));
            }
        } finally {
            watch.close();
        }
        System.out.println(watch.summary());
        return 0;
    }

    /** What a load run measured. */
    public record Result(int rate, int duration, long sent, long accepted, long rejected, double sendSeconds, double intakePerSecond,
                         double endToEndPerSecond, long visible, long[] httpMillis, long[] visibleMillis) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "load: offered %d msg/s for %d s; sent %d, accepted %d, rejected %d%n"
                            + "intake throughput: %.0f msg/s (HTTP batch latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms)%n"
                            + "visible in reporting: %d of %d; sustained end-to-end %.0f msg/s%n"
                            + "intake -> visible in reporting: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
                    rate, duration, sent, accepted, rejected, intakePerSecond, httpMillis[0], httpMillis[1], httpMillis[2], httpMillis[3],
                    visible, accepted, endToEndPerSecond, visibleMillis[0], visibleMillis[1], visibleMillis[2], visibleMillis[3]);
        }
    }

    public Result run(int rate, int duration) throws Exception {
        long base = countedNow(stack);
        stack.token("ingest");
        String run = Long.toString(System.currentTimeMillis(), 36);
        Random random = new Random(run.hashCode());
        int ticks = duration * 10;
        int perTick = Math.max(1, rate / 10);
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(16, 2 + rate / 500));
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<Batch> batches = new ConcurrentLinkedQueue<>();
        List<Long> http = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sent = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        long start = System.nanoTime();
        System.err.printf("[load] %d msg/s for %d s (%d per 100 ms), reporting total before: %d%n", rate, duration, perTick, base);
        for (int t = 0; t < ticks; t++) {
            scheduler.schedule(() -> senders.submit(() -> {
                List<Map<String, Object>> items = new ArrayList<>(perTick);
                synchronized (random) {
                    for (int i = 0; i < perTick; i++) {
                        items.add(ChannelFeeder.restItem(message(run, seq.incrementAndGet(), random)));
                    }
                }
                long s = System.nanoTime();
                HttpResponse<String> resp = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest", Map.of("messages", items));
                long e = System.nanoTime();
                http.add((e - s) / 1_000_000);
                sent.addAndGet(items.size());
                if (resp.statusCode() == 202) {
                    JsonNode n = stack.read(resp.body());
                    long cum = accepted.addAndGet(n.path("accepted").asLong());
                    rejected.addAndGet(n.path("rejected").asLong());
                    batches.add(new Batch(s, cum, items.size()));
                } else {
                    rejected.addAndGet(items.size());
                }
            }), t * 100L, TimeUnit.MILLISECONDS);
        }
        // watch reporting's total while sending and until everything is counted
        List<Batch> pending = new ArrayList<>();
        List<Long> visibleMs = new ArrayList<>();
        long lastVisibleNanos = start;
        long visible = 0;
        long deadline = start + TimeUnit.SECONDS.toNanos(duration + 180L);
        boolean sending = true;
        while (System.nanoTime() < deadline) {
            if (sending && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(duration)) {
                scheduler.shutdown();
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
                senders.shutdown();
                senders.awaitTermination(3, TimeUnit.MINUTES);
                sending = false;
            }
            Batch b;
            while ((b = batches.poll()) != null) {
                pending.add(b);
            }
            pending.sort((x, y) -> Long.compare(x.cumulative(), y.cumulative()));
            long now = System.nanoTime();
            visible = countedNow(stack) - base;
            var it = pending.iterator();
            while (it.hasNext()) {
                Batch p = it.next();
                if (p.cumulative() > visible) {
                    break;
                }
                long ms = (now - p.sentNanos()) / 1_000_000;
                for (int i = 0; i < p.size(); i++) {
                    visibleMs.add(ms);
                }
                lastVisibleNanos = now;
                it.remove();
            }
            if (!sending && pending.isEmpty() && batches.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        double firstToLast = Math.max(0.001, (lastVisibleNanos - start) / 1e9);
        long sendEnd = duration;
        return new Result(rate, duration, sent.get(), accepted.get(), rejected.get(), sendSeconds,
                accepted.get() / (double) sendEnd, visible / firstToLast, visible, percentiles(http), percentiles(visibleMs));
    }

    /** What single-message mode measured: each request carries one message. */
    public record SingleResult(int clients, int duration, long sent, long accepted, long failed, double perSecond, long[] httpMillis,
                               double drainSeconds) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "single-message intake: %d clients for %d s; sent %d, accepted %d, failed %d%n"
                            + "single-message throughput: %.0f msg/s (HTTP latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms); "
                            + "all accepted visible in reporting %.1f s after the last answer",
                    clients, duration, sent, accepted, failed, perSecond, httpMillis[0], httpMillis[1], httpMillis[2], httpMillis[3],
                    drainSeconds);
        }
    }

    /** {@code clients} clients, each posting one message per request (and waiting for its answer) for {@code duration} seconds. */
    public SingleResult single(int clients, int duration) throws Exception {
        long base = countedNow(stack);
        stack.token("ingest");
        String run = Long.toString(System.currentTimeMillis(), 36) + "s";
        AtomicLong seq = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> http = Collections.synchronizedList(new ArrayList<>());
        System.err.printf("[load] single-message intake: %d clients for %d s%n", clients, duration);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            Random random = new Random(run.hashCode() + c);
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    Map<String, Object> item = ChannelFeeder.restItem(message(run, seq.incrementAndGet(), random));
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> resp = stack.postJson(stack.ingestion + "/api/v1/messages", "ingest", item);
                        boolean ok = resp.statusCode() == 202
                                && "accepted".equals(stack.read(resp.body()).path("results").path(0).path("status").asText());
                        (ok ? accepted : failed).incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    http.add((System.nanoTime() - s) / 1_000_000);
                    sent.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration + 180L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        long answered = System.nanoTime();
        double seconds = (answered - start) / 1e9;
        // the next mode counts on an idle pipeline: wait until reporting has every accepted message
        awaitCounted(stack, base, accepted.get());
        return new SingleResult(clients, duration, sent.get(), accepted.get(), failed.get(), accepted.get() / seconds, percentiles(http),
                (System.nanoTime() - answered) / 1e9);
    }

    /** Reporting's count of messages published around now (yesterday to the day after tomorrow), where every mode's messages fall. */
    static long countedNow(Stack stack) {
        LocalDate today = LocalDate.now(DemoDataset.ZONE);
        return stack.reportingTotal("analyst", today.minusDays(1).toString(), today.plusDays(2).toString(), null);
    }

    /** Waits until reporting counts {@code count} messages more around now than {@code base}. */
    static void awaitCounted(Stack stack, long base, long count) throws InterruptedException {
        awaitUntil("reporting did not count the " + count + " stored messages", Duration.ofMillis(500),
                () -> countedNow(stack) - base >= count);
    }

    /** A condition that {@link #awaitUntil} polls. */
    interface Condition {
        boolean holds() throws InterruptedException;
    }

    /** Polls {@code condition} every {@code pause} until it holds; throws "{@code failure} within" the wait limit when that passes first. */
    static void awaitUntil(String failure, Duration pause, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + WAIT_LIMIT);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    /**
     * Polls a background job's URL (every 100 ms, as {@code account}) until its {@code status} is
     * neither QUEUED nor RUNNING and returns its last state; throws when that takes longer than the
     * wait limit or the URL does not answer 200.
     */
    static JsonNode awaitJob(Stack stack, String url, String account) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (true) {
            HttpResponse<String> r = stack.get(url, account);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode state = stack.read(r.body());
            if (!Set.of("QUEUED", "RUNNING").contains(state.path("status").asText())) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " is still " + state.path("status").asText() + " after " + WAIT_LIMIT);
            }
            Thread.sleep(100);
        }
    }

    static long[] percentiles(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        if (v.isEmpty()) {
            return new long[]{-1, -1, -1, -1};
        }
        Collections.sort(v);
        return new long[]{at(v, 0.50), at(v, 0.95), at(v, 0.99), v.get(v.size() - 1)};
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static DemoMessage message(String run, long n, Random random) {
        Templates.Place place = Templates.PLACES.get(random.nextInt(Templates.PLACES.size()));
        List<String> groups = List.copyOf(Templates.BY_GROUP.keySet());
        String group = groups.get(random.nextInt(groups.size()));
        String text = Templates.fill(Templates.pick(Templates.BY_GROUP.get(group), random), place, random);
        return new DemoMessage(DemoMessage.Channel.REST, Source.API, "load-" + run + "-" + n, MessageKind.POST, place.municipality(),
                place.district(), Templates.streetOf(text, place), text, Instant.now(), "load-" + random.nextInt(5000), null, null, false, group);
    }
}
