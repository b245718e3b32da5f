package ru.civicpulse.ingestion.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import ru.civicpulse.ingestion.config.IngestionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of single-message requests (one REST message, a webhook's new message): a request
 * queues its message and waits; one committer thread gathers what arrives within
 * {@code group-commit.window} (at most {@code group-commit.max-size}) and takes it in with one
 * transaction, then answers each request with its own outcome. A request is answered only after
 * the transaction holding its row committed. When the group's transaction fails, each of its
 * messages is taken in again in a transaction of its own, so one bad message fails only its request.
 */
@ApplicationScoped
public class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** Queued by {@link #stop}: nothing is queued after it. */
    private static final Pending STOP = new Pending(null, null);

    @Inject
    IntakeService intake;
    @Inject
    IngestionConfig config;
    @Inject
    MeterRegistry meters;

    private record Pending(IntakeService.Single single, CompletableFuture<Optional<IntakeService.Outcome>> answer) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object state = new Object();
    private boolean running;
    private Thread committer;
    private DistributionSummary sizes;
    private Counter fallbacks;

    void start(@Observes StartupEvent event) {
        sizes = DistributionSummary.builder("civicpulse.intake.group.size")
                .description("Single-message requests taken in by one transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(meters);
        fallbacks = Counter.builder("civicpulse.intake.group.fallbacks")
                .description("Groups whose transaction failed and whose messages were taken in one by one")
                .register(meters);
        committer = new Thread(this::run, "intake-group-commit");
        committer.setDaemon(true);
        synchronized (state) {
            running = true;
        }
        committer.start();
    }

    /** Commits what is queued, then stops; later requests are taken in on their own thread. */
    void stop(@Observes ShutdownEvent event) {
        synchronized (state) {
            if (!running) {
                return;
            }
            running = false;
            queue.add(STOP);
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes in one message with the next group and waits until its transaction committed. Empty
     * when the webhook delivery was handled before. Throws what taking it in alone would throw.
     */
    public Optional<IntakeService.Outcome> take(IntakeService.Single single) {
        Pending pending = new Pending(single, new CompletableFuture<>());
        boolean queued;
        synchronized (state) {
            queued = running && queue.add(pending);
        }
        if (!queued) {
            return intake.takeEach(List.of(single)).get(0);
        }
        try {
            return pending.answer().join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            group.clear();
            try {
                stop = gather(group);
            } catch (InterruptedException e) {
                LOG.warn("Group commit interrupted; requests are taken in one by one from now on");
                synchronized (state) {
                    running = false;
                }
                stop = true;
                queue.drainTo(group);
                group.remove(STOP);
            }
            if (!group.isEmpty()) {
                commit(group);
            }
        }
    }

    /** Waits for a first request, then gathers more within the window; true when {@link #stop} was queued. */
    private boolean gather(List<Pending> group) throws InterruptedException {
        Pending first = queue.take();
        if (first == STOP) {
            return true;
        }
        group.add(first);
        long deadline = System.nanoTime() + config.groupCommit().window().toNanos();
        int maxSize = Math.max(1, config.groupCommit().maxSize());
        while (group.size() < maxSize) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return false;
            }
            if (next == STOP) {
                return true;
            }
            group.add(next);
        }
        return false;
    }

    private void commit(List<Pending> group) {
        sizes.record(group.size());
        List<Optional<IntakeService.Outcome>> outcomes;
        try {
            outcomes = intake.takeEach(group.stream().map(Pending::single).toList());
        } catch (Throwable failure) {
            if (group.size() == 1) {
                group.get(0).answer().completeExceptionally(failure);
                return;
            }
            fallbacks.increment();
            LOG.warnf("A group of %d messages failed as one transaction (%s); each is taken in on its own",
                    group.size(), failure.getClass().getName());
            for (Pending p : group) {
                try {
                    p.answer().complete(intake.takeEach(List.of(p.single())).get(0));
                } catch (Throwable own) {
                    p.answer().completeExceptionally(own);
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answer().complete(outcomes.get(i));
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("Could not take in the message", failure);
    }
}
