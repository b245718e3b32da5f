package ru.civicpulse.tools;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service processes the launcher started, watched during a load run: the largest resident set
 * of each (VmRSS in /proc/PID/status, sampled every 250 ms) and, with {@code --profile}, a JFR
 * recording of each (started and dumped with {@code jcmd}) summarised as its hottest methods.
 */
public final class ServiceWatch implements AutoCloseable {
    /** The launcher passes "ingestion=PID classification=PID reporting=PID" in this variable. */
    public static final String VARIABLE = "CIVICPULSE_SERVICE_PIDS";
    private static final String RECORDING = "civicpulse-load";
    private static final int TOP = 10;

    private final Map<String, Long> pids;
    private final Path profiles;
    private final Map<String, Long> maxRssKib = new ConcurrentHashMap<>();
    private final Map<String, Path> recordings = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Starts sampling; with {@code profiles} not null, also starts a JFR recording in every service. */
    public ServiceWatch(Map<String, Long> pids, Path profiles) {
        this.pids = pids;
        this.profiles = profiles;
        if (profiles != null) {
            pids.forEach((service, pid) -> jcmd(service, pid, "JFR.start", "name=" + RECORDING, "settings=profile"));
        }
        sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    /** "ingestion=12 classification=34" (spaces or commas) as service → PID. */
    public static Map<String, Long> pids(String spec) {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (spec == null) {
            return pids;
        }
        for (String item : spec.trim().split("[\\s,]+")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                try {
                    pids.put(item.substring(0, eq), Long.parseLong(item.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a PID: the service is not running
                }
            }
        }
        return pids;
    }

    /** VmRSS of a /proc/PID/status text in KiB; -1 when absent (the process has exited). */
    static long rssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private void sample() {
        pids.forEach((service, pid) -> {
            try {
                long kib = rssKib(Files.readString(Path.of("/proc", pid.toString(), "status")));
                maxRssKib.merge(service, kib, Math::max);
            } catch (IOException | RuntimeException e) {
                // gone or unreadable: keep what was seen
            }
        });
    }

    /** Stops sampling; with profiling, dumps and stops each recording into the profiles directory. */
    @Override
    public void close() {
        sampler.shutdownNow();
        sample();
        if (profiles == null) {
            return;
        }
        try {
            Files.createDirectories(profiles);
        } catch (IOException e) {
            problems.add("could not create " + profiles + ": " + e.getMessage());
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        pids.forEach((service, pid) -> {
            Path file = profiles.resolve(service + "-" + stamp + ".jfr").toAbsolutePath();
            if (jcmd(service, pid, "JFR.dump", "name=" + RECORDING, "filename=" + file)) {
                recordings.put(service, file);
            }
            jcmd(service, pid, "JFR.stop", "name=" + RECORDING);
        });
    }

    /** What was watched: the largest RSS per service, and with profiling the recordings and their hot methods. */
    public String summary() {
        StringBuilder s = new StringBuilder("max RSS:");
        if (pids.isEmpty()) {
            s.append(" not measured (no service PIDs given)");
        }
        pids.keySet().forEach(service -> {
            Long kib = maxRssKib.get(service);
            s.append(String.format(Locale.ROOT, " %s %s;", service, kib == null || kib < 0 ? "n/a" : mib(kib)));
        });
        for (Map.Entry<String, Path> r : recordings.entrySet()) {
            s.append(String.format(Locale.ROOT, "%nJFR recording of %s: %s%n  top %d methods (share of execution samples):",
                    r.getKey(), r.getValue(), TOP));
            try {
                HotMethods hot = hotMethods(r.getValue(), TOP);
                for (Map.Entry<String, Long> m : hot.top()) {
                    s.append(String.format(Locale.ROOT, "%n  %5.1f%%  %s", 100.0 * m.getValue() / hot.samples(), m.getKey()));
                }
            } catch (IOException e) {
                s.append(" could not read: ").append(e.getMessage());
            }
        }
        problems.forEach(p -> s.append(System.lineSeparator()).append(p));
        return s.toString();
    }

    /** The methods most often on top of the stack, with their counts, out of {@code samples} execution samples. */
    record HotMethods(long samples, List<Map.Entry<String, Long>> top) {
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    /** The recording's execution samples by the method on top of the stack, most frequent first. */
    static HotMethods hotMethods(Path recording, int top) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null
                        || event.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame frame = event.getStackTrace().getFrames().get(0);
                RecordedMethod method = frame.getMethod();
                counts.merge(method.getType().getName() + "." + method.getName(), 1L, Long::sum);
                total++;
            }
        }
        return new HotMethods(total, counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(top).toList());
    }

    /** Runs jcmd of the JDK this tool runs on (the launcher uses the services' JDK); false, with the reason kept, on failure. */
    private boolean jcmd(String service, long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(jdkTool("jcmd"), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problems.add("jcmd " + command[0] + " on " + service + " (pid " + pid + ") failed: " + out.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            problems.add("jcmd " + command[0] + " on " + service + " failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String jdkTool(String name) {
        return ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling(name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .orElse(name);
    }
}
