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
 * of each (VmRSS in /proc/PID/status, sampled every 250 ms), the CPU time each component of the
 * stack used during the run (PostgreSQL and Kafka too: on a machine they share, that is what bounds
 * the rate) and, with {@code --profile}, a JFR recording of each service (started and dumped with
 * {@code jcmd}) summarised as its hottest methods.
 */
public final class ServiceWatch implements AutoCloseable {
    /** The launcher passes "ingestion=PID classification=PID reporting=PID" in this variable. */
    public static final String VARIABLE = "CIVICPULSE_SERVICE_PIDS";
    /** And "postgres=PID kafka=PID" in this one: components whose CPU time is counted too. */
    public static final String INFRASTRUCTURE = "CIVICPULSE_INFRASTRUCTURE_PIDS";
    /** Clock ticks per second of the times in /proc/PID/stat (USER_HZ, 100 on Linux whatever the kernel's own tick). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final String RECORDING = "civicpulse-load";
    private static final int TOP = 10;

    private final Map<String, Long> pids;
    /** Every component whose CPU time is counted (the services first), with the PID its process tree starts at. */
    private final Map<String, Long> cpuRoots = new LinkedHashMap<>();
    /** Their CPU ticks when the watch started. */
    private final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private final Map<String, Long> cpuUsed = new LinkedHashMap<>();
    private double seconds;
    private final Path profiles;
    private final Map<String, Long> maxRssKib = new ConcurrentHashMap<>();
    private final Map<String, Path> recordings = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts sampling the services' memory and counting the CPU time of the services and of
     * {@code infrastructure}; with {@code profiles} not null, also starts a JFR recording in every service.
     */
    public ServiceWatch(Map<String, Long> pids, Map<String, Long> infrastructure, Path profiles) {
        this.pids = pids;
        this.profiles = profiles;
        cpuRoots.putAll(pids);
        cpuRoots.putAll(infrastructure);
        cpuAtStart.putAll(treeCpuTicks(cpuRoots));
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

    /**
     * The parent's PID and the CPU ticks (user and system) of a /proc/PID/stat line, with those of
     * its children that have exited and been waited for: {@code {ppid, ticks}}. The command name in
     * parentheses may hold spaces and parentheses itself, so the fields are counted from its last ')'.
     */
    static long[] parentAndTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
        return new long[]{Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    /**
     * For each named root, the CPU ticks of it and every process below it, from one reading of /proc:
     * PostgreSQL's backends are processes of their own (each in a session of its own), and those that
     * ended count in the postmaster's children's times. -1 when /proc cannot be read or the root is gone.
     */
    static Map<String, Long> treeCpuTicks(Map<String, Long> roots) {
        Map<Long, long[]> processes = new HashMap<>();
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                String name = dir.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        processes.put(Long.parseLong(name), parentAndTicks(Files.readString(dir.resolve("stat"))));
                    } catch (IOException | RuntimeException e) {
                        // exited meanwhile
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            roots.keySet().forEach(name -> ticks.put(name, -1L));
            return ticks;
        }
        roots.forEach((name, root) -> ticks.put(name, processes.containsKey(root) ? treeTicks(processes, root) : -1L));
        return ticks;
    }

    /** The ticks of every process whose chain of parents reaches {@code root}, the root included. */
    private static long treeTicks(Map<Long, long[]> processes, long root) {
        long total = 0;
        for (Map.Entry<Long, long[]> p : processes.entrySet()) {
            for (long pid = p.getKey(), hops = 0; pid > 1 && hops < 64; hops++) {
                if (pid == root) {
                    total += p.getValue()[1];
                    break;
                }
                long[] parent = processes.get(pid);
                pid = parent == null ? 0 : parent[0];
            }
        }
        return total;
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
        seconds = (System.nanoTime() - startNanos) / 1e9;
        treeCpuTicks(cpuRoots).forEach((name, now) -> {
            long before = cpuAtStart.get(name);
            cpuUsed.put(name, before < 0 || now < 0 ? -1 : now - before);
        });
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
        if (!cpuUsed.isEmpty()) {
            int cores = Runtime.getRuntime().availableProcessors();
            s.append(String.format(Locale.ROOT, "%nCPU time during the run (%.1f s, %d cores):", seconds, cores));
            double all = 0;
            for (Map.Entry<String, Long> used : cpuUsed.entrySet()) {
                if (used.getValue() < 0) {
                    s.append(String.format(Locale.ROOT, " %s n/a;", used.getKey()));
                    continue;
                }
                double cpu = used.getValue() / TICKS_PER_SECOND;
                all += cpu;
                s.append(String.format(Locale.ROOT, " %s %.1f s;", used.getKey(), cpu));
            }
            s.append(String.format(Locale.ROOT, " together %.1f s, %.0f%% of what the cores could give", all,
                    seconds > 0 ? 100 * all / (cores * seconds) : 0));
        }
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
