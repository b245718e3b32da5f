package ru.civicpulse.reporting.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.ReportPublished;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Report jobs: accepted requests are queued and generated in the background by
 * {@link ReportWorker}; a finished report's documents and its ReportPublished event are stored in
 * one transaction (the outbox relay publishes the event).
 */
@ApplicationScoped
public class ReportService {
    private static final Logger LOG = Logger.getLogger(ReportService.class);
    static final String SCHEDULE = "schedule";

    @Inject
    ReportRepository repository;

    @Inject
    ReportAssembler assembler;

    @Inject
    BriefAssembler briefs;

    @Inject
    ReportConfig config;

    @Inject
    MeterRegistry metrics;

    /** Validates and queues an on-demand report for a municipality within {@code scope}. */
    public Report request(String from, String to, String municipality, Optional<Set<String>> scope, String requestedBy) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant[] period = period(from, to, municipality, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("The report request is invalid.", errors);
        }
        return order(new Report(UUID.randomUUID(), Report.Status.QUEUED, municipality, period[0], period[1],
                Report.Trigger.ON_DEMAND, requestedBy, Instant.now(), null, null, null, null, List.of(), Report.Kind.REPORT,
                null, null), scope);
    }

    /**
     * Validates and queues a live-broadcast brief: a report's period and municipality, optionally
     * one topic group and one executor of that municipality (an id from {@code executors}).
     */
    public Report requestBrief(String from, String to, String municipality, String group, String executor,
                               Optional<Set<String>> scope, String requestedBy) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant[] period = period(from, to, municipality, errors);
        String onlyGroup = group == null || group.isBlank() ? null : group.trim();
        if (onlyGroup != null && !Taxonomy.isGroup(onlyGroup)) {
            errors.add(new Problem.FieldError("group", "not a topic group of the taxonomy"));
        }
        UUID onlyExecutor = null;
        if (executor != null && !executor.isBlank()) {
            try {
                onlyExecutor = UUID.fromString(executor.trim());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("executor", "not an executor id"));
            }
        }
        boolean knownMunicipality = errors.stream().noneMatch(e -> e.field().equals("municipality"));
        if (onlyExecutor != null && knownMunicipality && (scope.isEmpty() || scope.get().contains(municipality))
                && repository.executorName(onlyExecutor, municipality).isEmpty()) {
            errors.add(new Problem.FieldError("executor", "no such executor in this municipality"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("The brief request is invalid.", errors);
        }
        return order(new Report(UUID.randomUUID(), Report.Status.QUEUED, municipality, period[0], period[1],
                Report.Trigger.ON_DEMAND, requestedBy, Instant.now(), null, null, null, null, List.of(), Report.Kind.BRIEF,
                onlyGroup, onlyExecutor), scope);
    }

    /** The period and municipality of an order; problems go to {@code errors}. */
    private Instant[] period(String from, String to, String municipality, List<Problem.FieldError> errors) {
        Instant start = bound("from", from, errors);
        Instant end = bound("to", to, errors);
        if (municipality == null || municipality.isBlank()) {
            errors.add(new Problem.FieldError("municipality", "required"));
        } else if (Municipalities.byCode(municipality).isEmpty()) {
            errors.add(new Problem.FieldError("municipality", "unknown municipality: " + municipality));
        }
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                errors.add(new Problem.FieldError("to", "must be after from"));
            } else if (Duration.between(start, end).compareTo(config.maxPeriod()) > 0) {
                errors.add(new Problem.FieldError("to", "the period may be at most " + config.maxPeriod().toDays() + " days"));
            }
        }
        return new Instant[]{start, end};
    }

    /** Queues a validated order unless it is outside the caller's municipalities or the requester's queue is full. */
    private Report order(Report report, Optional<Set<String>> scope) {
        if (scope.isPresent() && !scope.get().contains(report.municipality())) {
            throw new ProblemException(403, "Forbidden", "Your account does not cover municipality " + report.municipality() + ".");
        }
        if (!repository.insertIfFewerWaiting(report, config.maxQueuedPerUser())) {
            metrics.counter("civicpulse.reports.refused", "reason", "queue-full").increment();
            // as many reports waiting as allowed: 429, try again after about one report's generation time
            throw ProblemException.tooManyRequests("You already have " + config.maxQueuedPerUser()
                    + " reports waiting to be generated; order more once one of them is done.", config.queueRetryAfter());
        }
        metrics.counter("civicpulse.reports.requested", "trigger", report.trigger().name()).increment();
        return report;
    }

    /**
     * Queues last week's report (Monday to Monday, Moscow time) for every configured municipality.
     * Idempotent: a week already queued is not queued again, whichever instance fired.
     */
    public List<Report> enqueueWeekly(ZonedDateTime now) {
        LocalDate thisMonday = now.withZoneSameInstant(ReportFormat.ZONE).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant to = thisMonday.atStartOfDay(ReportFormat.ZONE).toInstant();
        Instant from = thisMonday.minusWeeks(1).atStartOfDay(ReportFormat.ZONE).toInstant();
        List<Report> queued = new ArrayList<>();
        for (String municipality : config.weekly().municipalities().orElse(List.of())) {
            if (Municipalities.byCode(municipality).isEmpty()) {
                LOG.warnf("Weekly report skipped: unknown municipality %s", municipality);
                continue;
            }
            Report report = new Report(UUID.randomUUID(), Report.Status.QUEUED, municipality, from, to, Report.Trigger.WEEKLY,
                    SCHEDULE, Instant.now(), null, null, null, null, List.of(), Report.Kind.REPORT, null, null);
            if (repository.insertWeeklyOnce(report)) {
                metrics.counter("civicpulse.reports.requested", "trigger", report.trigger().name()).increment();
                queued.add(report);
            }
        }
        return queued;
    }

    /** Generates queued reports until none is left; returns how many were processed. */
    public int runPending() {
        int done = 0;
        Optional<Report> next;
        while ((next = repository.claimNext(Instant.now(), Instant.now().minus(config.staleAfter()))).isPresent()) {
            generate(next.get());
            done++;
        }
        return done;
    }

    void generate(Report report) {
        long started = System.nanoTime();
        try {
            Map<ReportDocument, byte[]> documents;
            String eventJson = null;
            if (report.kind() == Report.Kind.BRIEF) {
                documents = BriefRenderer.render(briefs.assemble(report, Instant.now()));
            } else {
                documents = render(assembler.assemble(report, Instant.now()));
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Instant finished = Instant.now();
            if (report.kind() == Report.Kind.REPORT) {
                eventJson = EventJson.mapper().writeValueAsString(new ReportPublished(UUID.randomUUID(), ReportPublished.TYPE,
                        ReportPublished.VERSION, finished, report.id(), report.from(), report.to(), report.municipality(),
                        ReportDocument.codes(), finished));
            }
            repository.complete(report.id(), documents, finished, millis, eventJson);
            metrics.timer("civicpulse.reports.generation", "trigger", report.trigger().name())
                    .record(Duration.ofMillis(millis));
            metrics.counter("civicpulse.reports.finished", "status", "DONE").increment();
            LOG.infof("%s %s (%s, %s..%s) generated in %d ms", report.kind(), report.id(), report.municipality(), report.from(),
                    report.to(), millis);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.errorf(e, "%s %s failed", report.kind(), report.id());
            repository.fail(report.id(), Instant.now(), "Генерация отчёта не удалась; сообщите администратору номер отчёта.");
            metrics.counter("civicpulse.reports.finished", "status", "FAILED").increment();
        }
    }

    /** All four documents from one content, so they carry the same numbers. */
    public static Map<ReportDocument, byte[]> render(ReportContent content) {
        Map<ReportDocument, byte[]> documents = new EnumMap<>(ReportDocument.class);
        String html = ReportHtmlRenderer.html(content);
        documents.put(ReportDocument.HTML, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        documents.put(ReportDocument.PDF, ReportPdfRenderer.render(html));
        documents.put(ReportDocument.XLSX, ReportXlsxRenderer.render(content));
        documents.put(ReportDocument.CSV, ReportCsvRenderer.render(content));
        return documents;
    }

    public Report get(UUID id, Report.Kind kind, Optional<Set<String>> scope) {
        return repository.find(id, kind, scope).orElseThrow(() -> ProblemException.notFound(
                kind == Report.Kind.BRIEF ? "No such brief." : "No such report."));
    }

    public List<Report> list(Report.Kind kind, Optional<Set<String>> scope, String municipality, int limit) {
        return repository.list(kind, scope, municipality, limit);
    }

    public ReportRepository.Document document(UUID id, Report.Kind of, String format, Optional<Set<String>> scope) {
        List<String> codes = of.documents().stream().map(ReportDocument::code).toList();
        ReportDocument kind = ReportDocument.byCode(format).filter(of.documents()::contains).orElseThrow(() -> ProblemException.unprocessable(
                "Unknown document format.", List.of(new Problem.FieldError("format", "one of " + codes))));
        Report report = get(id, of, scope);
        if (report.status() != Report.Status.DONE) {
            throw ProblemException.conflict("Report " + id + " is " + report.status() + "; documents exist once it is DONE.");
        }
        return repository.document(id, kind, scope).orElseThrow(() -> ProblemException.notFound("No " + kind.code() + " document."));
    }

    private static Instant bound(String field, String value, List<Problem.FieldError> errors) {
        try {
            return AnalyticsQuery.parseBound(field, value);
        } catch (ProblemException e) {
            errors.add(new Problem.FieldError(field, value == null || value.isBlank() ? "required: ISO date or instant"
                    : "not an ISO date or instant: " + value));
            return null;
        }
    }
}
