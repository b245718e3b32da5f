package ru.civicpulse.reporting.report;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.ZonedDateTime;

/** Background jobs: generate queued reports, queue the weekly ones. */
@ApplicationScoped
public class ReportWorker {

    @Inject
    ReportService reports;

    @Scheduled(every = "${civicpulse.reporting.reports.poll-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void generateQueued() {
        reports.runPending();
    }

    /** Last week's report for each configured municipality, every Monday morning in Moscow. */
    @Scheduled(cron = "0 0 7 ? * MON", timeZone = "Europe/Moscow")
    void weekly() {
        reports.enqueueWeekly(ZonedDateTime.now(ReportFormat.ZONE));
        reports.runPending();
    }
}
