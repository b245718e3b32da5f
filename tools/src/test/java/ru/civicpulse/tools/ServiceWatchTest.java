package ru.civicpulse.tools;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
        ServiceWatch watch = new ServiceWatch(Map.of("self", ProcessHandle.current().pid()), null);
        watch.close();
        assertThat(watch.summary()).matches("max RSS: self [0-9]+ MiB;");
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
