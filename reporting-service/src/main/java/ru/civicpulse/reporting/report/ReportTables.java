package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.Decision;
import ru.civicpulse.reporting.analytics.ExecutorsResult;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.MethodologyResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TimeseriesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import io.quarkus.qute.TemplateExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * What every format of a report shows alike, as plain text and numbers: the headline and
 * methodology tables, the lines of the daily trend, how incidents and sources are named. The HTML,
 * CSV and XLSX renderers read it, so the formats agree without depending on one another.
 */
public final class ReportTables {
    /** Topic groups drawn as separate lines in the daily trend; the rest are summed into the total. */
    static final int TREND_GROUPS = 5;
    /** Quotes shown per incident. */
    static final int QUOTES_PER_INCIDENT = 2;

    /** One line of a two-column table: what is shown, and its value as text. */
    public record Row(String label, String value) {
    }

    /** A table of several columns: header, rows as text, and what is said instead when there are no rows. */
    public record Table(List<String> header, List<List<String>> rows, String empty) {
    }

    /** Incident states in the order the executors' table lists them. */
    static final List<String> INCIDENT_STATES = List.of("NEW", "IN_PROGRESS", "DECISION_TAKEN", "RESOLVED", "REJECTED");

    private ReportTables() {
    }

    /** One row per executor (and one for messages routed to nobody), overdue first, as the API sorts them. */
    public static Table executors(ExecutorsResult r) {
        List<List<String>> rows = new ArrayList<>();
        for (ExecutorsResult.Executor e : r.executors()) {
            StringBuilder incidents = new StringBuilder();
            for (String state : INCIDENT_STATES) {
                incidents.append(incidents.isEmpty() ? "" : " / ").append(e.incidents().getOrDefault(state, 0L));
            }
            rows.add(List.of(e.name(), Long.toString(e.messages()), percent(e.messagesChange()),
                    percent(e.messages() == 0 ? null : e.answeredShare()), percent(e.answeredShareChange()),
                    ReportFormat.decimal(e.medianHours()), ReportFormat.decimal(e.p90Hours()),
                    Long.toString(e.overdueMessages()), incidents.toString(), Long.toString(e.overdueIncidents())));
        }
        return new Table(List.of("Исполнитель", "Сообщений", "Изменение к пред. периоду, %", "Доля с ответом, %",
                "Изменение доли, п.п.", "Медиана ответа, ч", "90-й процентиль, ч", "Просрочено сообщений",
                "Инциденты: новые / в работе / решение принято / решены / отклонены", "Просрочено инцидентов"),
                rows, "Исполнителей и сообщений за период нет.");
    }

    /** A fraction as a plain number of percent (or points), e.g. {@code 12,5}, so every format keeps it a number. */
    private static String percent(Double fraction) {
        return fraction == null ? ReportFormat.NONE : ReportFormat.decimal(100 * fraction);
    }

    /** The incidents moved to DECISION_TAKEN in the period, oldest first, with who, when and why. */
    public static Table decisions(List<Decision> decisions) {
        List<List<String>> rows = new ArrayList<>();
        for (Decision d : decisions) {
            String place = d.districtLabel() == null || d.districtLabel().isBlank() ? "" : ", " + d.districtLabel();
            rows.add(List.of(orNone(d.label()) + place, orNone(d.executor()), d.changedBy(), ReportFormat.moment(d.changedAt()),
                    orNone(d.comment())));
        }
        return new Table(List.of("Инцидент", "Исполнитель", "Кто принял", "Когда", "Решение"), rows,
                "Решений за период не принято.");
    }

    /** The headline figures. */
    public static List<Row> headline(ReportContent c) {
        TopicsResult t = c.topics();
        ResponsesResult.Stats overall = c.responses().overall();
        return List.of(
                new Row("Сообщений за период", Long.toString(t.total())),
                new Row("Сообщений за предыдущий период", Long.toString(t.previousTotal())),
                new Row("Изменение к предыдущему периоду", ReportFormat.change(ReportFormat.change(t.total(), t.previousTotal()))),
                new Row("Уникальных авторов", Long.toString(t.uniqueAuthors())),
                new Row("Инцидентов", Long.toString(c.incidents().incidents().size())),
                new Row("Всплесков", Long.toString(c.alerts().spikes().size())),
                new Row("Экстренных сообщений без ответа", Long.toString(c.alerts().emergencies().size())),
                new Row("Доля сообщений с ответом", ReportFormat.share(overall == null ? null : overall.answeredShare())),
                new Row("Медиана времени ответа", ReportFormat.hours(overall == null ? null : overall.medianHours())));
    }

    /** How the figures were produced: model versions, review share, confidence, the spike and ranking methods. */
    public static List<Row> methodology(MethodologyResult m) {
        StringBuilder versions = new StringBuilder();
        for (MethodologyResult.ModelVersion v : m.modelVersions()) {
            versions.append(versions.isEmpty() ? "" : "; ").append(v.version()).append(" (").append(v.messages()).append(")");
        }
        return List.of(
                new Row("Версии модели классификации", versions.isEmpty() ? ReportFormat.NONE : versions.toString()),
                new Row("Сообщений классифицировано", Long.toString(m.messages())),
                new Row("Требуют проверки аналитиком", Long.toString(m.needsReview())),
                new Row("Доля требующих проверки", ReportFormat.share(m.needsReviewShare())),
                new Row("Средняя уверенность модели", ReportFormat.share(m.meanConfidence())),
                new Row("Как находятся всплески", orNone(m.spikeMethod())),
                new Row("Как ранжируются инциденты", orNone(m.concernMethod())));
    }

    /** The lines of the daily trend: the total and the leading groups. */
    public static List<ReportCharts.Line> trendLines(TimeseriesResult daily) {
        List<ReportCharts.Line> lines = new ArrayList<>();
        int days = daily.buckets().size();
        List<Long> total = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            long sum = 0;
            for (TimeseriesResult.Series s : daily.series()) {
                sum += s.counts().get(i);
            }
            total.add(sum);
        }
        lines.add(new ReportCharts.Line("Всего", total));
        daily.series().stream()
                .filter(s -> s.total() > 0)
                .sorted((a, b) -> Long.compare(b.total(), a.total()))
                .limit(TREND_GROUPS)
                .forEach(s -> lines.add(new ReportCharts.Line(s.label(), s.counts())));
        return lines;
    }

    /** An incident's topic and, when known, its district. */
    public static String incidentTitle(IncidentsResult.Incident inc) {
        String place = inc.districtLabel() == null || inc.districtLabel().isBlank() ? "" : ", " + inc.districtLabel();
        return inc.label() + place;
    }

    @TemplateExtension(namespace = "tables")
    public static String sourceLabel(String source) {
        return "civicpulse".equals(source) ? "CivicPulse" : source;
    }

    /** The text, or the placeholder for "none" when there is none. */
    @TemplateExtension(namespace = "tables")
    static String orNone(String s) {
        return s == null || s.isBlank() ? ReportFormat.NONE : s;
    }
}
