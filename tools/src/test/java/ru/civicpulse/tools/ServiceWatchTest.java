package ru.civicpulse.tools;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceWatchTest {

    @Test
    void readsTheLaunchersPidList() {
        assertThat(ServiceWatch.pids("ingestion=101 classification=202,reporting=303"))
                .containsExactly(Map.entry("ingestion", 101L), Map.entry("classification", 202L), Map.entry("reporting", 303L));
        assertThat(ServiceWatch.pids("ingestion= reporting=7")).containsExactly(Map.entry("reporting", 7L));
        assertThat(ServiceWatch.pids(null)).isEmpty();
    }

    @Test
    void readsTheResidentSetFromProcStatus() {
        assertThat(ServiceWatch.rssKib("Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  412345 kB\nThreads:\t42\n")).isEqualTo(412345);
        assertThat(ServiceWatch.rssKib("Name:\tzombie\nState:\tZ (zombie)\n")).isEqualTo(-1);
    }

    @Test
    void watchesARunningProcessAndReportsItsLargestResidentSet() {
        ServiceWatch watch = new ServiceWatch(Map.of("self", ProcessHandle.current().pid()), Map.of(), null);
        watch.close();
        assertThat(watch.summary()).startsWith("max RSS: self ").containsPattern("^max RSS: self [0-9]+ MiB;\\R");
    }

    @Test
    void readsParentAndCpuTicksFromProcStatEvenWhenTheCommandNameHasParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (postgres: a (b) c) S 4200 4242 4242 0 -1 4194560 900 0 0 0 150 50 7 3 20 0 1 0 123 456 789";
        assertThat(ServiceWatch.parentAndTicks(stat)).containsExactly(4200L, 150L + 50 + 7 + 3);
    }

    @Test
    void countsTheCpuTimeOfAProcessAndWhatRunsBelowItWhileWatched() throws Exception {
        // the watched root is this JVM's parent: this process is below it
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        ServiceWatch watch = new ServiceWatch(Map.of(), Map.of("mine", parent), null);
        long cpuUntil = ProcessHandle.current().info().totalCpuDuration().orElseThrow().plusMillis(600).toNanos();
        double sink = 0;
        while (ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() < cpuUntil) {
            sink += spin(200_000);
        }
        assertThat(sink).isNotNaN();
        watch.close();
        Matcher m = Pattern.compile("mine ([0-9.]+) s;").matcher(watch.summary());
        assertThat(m.find()).as(watch.summary()).isTrue();
        // this process alone spent at least 0.6 s of CPU below the root meanwhile (ticks are 10 ms)
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.58);
    }

    @Test
    void theHottestMethodOfARecordingComesFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            double sink = 0;
            while (System.nanoTime() < until) {
                sink += spin(200_000);
            }
            assertThat(sink).isNotNaN();
            recording.stop();
            recording.dump(file);
        }
        ServiceWatch.HotMethods hot = ServiceWatch.hotMethods(file, 10);
        assertThat(hot.samples()).isPositive();
        assertThat(hot.top()).hasSizeLessThanOrEqualTo(10);
        assertThat(hot.top().get(0).getKey()).isEqualTo(ServiceWatchTest.class.getName() + ".spin");
    }

    private static double spin(int n) {
        double x = 1;
        for (int i = 1; i < n; i++) {
            x = x * 1.0000001 + 1.0 / i;
        }
        return x;
    }
}
