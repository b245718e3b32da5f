package ru.civicpulse.systemtests;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.ChannelFeeder;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.DemoMessage;
import ru.civicpulse.tools.Stack;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream of 10,000 messages while classification-service, reporting-service and the Kafka broker
 * are each killed with SIGKILL and started again: reporting ends with exactly 10,000.
 */
@Order(4)
class CrashRecoveryIT {
    static final int MESSAGES = 10_000;
    static final int BATCH = 250;
    static final LocalDate DAY = LocalDate.now(DemoDataset.ZONE).minusDays(12);

    @Test
    void nothingIsLostAndNothingCountedTwiceWhenConsumersAndTheBrokerCrash() throws Exception {
        SystemStack system = SystemStack.get();
        Stack stack = system.stack;
        ChannelFeeder feeder = new ChannelFeeder(stack);
        List<DemoMessage> stream = new TestData(DAY, "crash").rest(MESSAGES, Source.API, MessageKind.POST, "voronezh");
        AtomicInteger batchesSent = new AtomicInteger();

        // ingestion is never killed: it keeps taking messages in (its outbox waits for the broker);
        // one batch a second (40 s in all), so the crashes below happen while the stream flows
        AtomicInteger accepted = new AtomicInteger();
        CompletableFuture<Integer> sender = new CompletableFuture<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            int i = batchesSent.get() * BATCH;
            try {
                accepted.addAndGet(feeder.rest(stream.subList(i, i + BATCH), BATCH).accepted());
            } catch (RuntimeException e) {
                sender.completeExceptionally(e);
                pacer.shutdown();
                return;
            }
            if (batchesSent.incrementAndGet() * BATCH >= MESSAGES) {
                sender.complete(accepted.get());
                pacer.shutdown();
            }
        }, 0, 1, TimeUnit.SECONDS);

        awaitBatches(batchesSent, 8);
        system.kill("classification");
        system.restart();
        awaitBatches(batchesSent, 18);
        system.kill("reporting");
        system.restart();
        awaitBatches(batchesSent, 26);
        system.kill("kafka");
        system.restart();

        assertThat(sender.get(10, TimeUnit.MINUTES)).isEqualTo(MESSAGES);
        String url = stack.reporting + "/api/v1/analytics/topics?from=" + DAY + "&to=" + DAY.plusDays(1);
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(3))
                .until(() -> stack.read(stack.get(url, "analyst").body()).path("total").asLong() >= MESSAGES);
        // and it stays there: re-deliveries after the crashes are not counted again
        await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3))
                .until(() -> stack.read(stack.get(url, "analyst").body()).path("total").asLong() == MESSAGES);
    }

    private static void awaitBatches(AtomicInteger sent, int batches) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> sent.get() >= batches);
    }
}
