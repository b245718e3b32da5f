package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV for spreadsheets set to Russian: UTF-8 with a byte order mark, {@code ;}
 * between fields, decimal commas. Sections follow one another, each opened by a line with its
 * title alone and a header line, and closed by an empty line. The topic table comes first.
 */
public final class ReportCsvRenderer {
    static final char BOM = '\uFEFF';

    private ReportCsvRenderer() {
    }

    public static byte[] render(ReportContent c) {
        StringBuilder out = new StringBuilder(16 * 1024).append(BOM);
        TopicsResult t = c.topics();
        section(out, "Темы", List.of("Код", "Тема", "Сообщений", "Доля, %", "Предыдущий период", "Изменение, %", "Авторов"));
        for (TopicsResult.GroupCount g : t.groups()) {
            row(out, g.group(), g.label(), Long.toString(g.count()), pct(g.share()), Long.toString(g.previousCount()),
                    pct(g.change()), Long.toString(g.uniqueAuthors()));
        }
        row(out, "", "Всего", Long.toString(t.total()), "", Long.toString(t.previousTotal()),
                pct(ReportFormat.change(t.total(), t.previousTotal())), Long.toString(t.uniqueAuthors()));
        out.append("\r\n");

        section(out, "Сводка", List.of("Показатель", "Значение"));
        row(out, "Муниципалитет", c.municipalityLabel());
        row(out, "Период", ReportFormat.period(c));
        for (ReportTables.Row r : ReportTables.headline(c)) {
            row(out, r.label(), r.value());
        }
        out.append("\r\n");

        List<ReportCharts.Line> lines = ReportTables.trendLines(c.daily());
        List<String> header = new ArrayList<>(List.of("Дата"));
        lines.forEach(l -> header.add(l.label()));
        section(out, "Динамика по дням", header);
        for (int i = 0; i < c.daily().buckets().size(); i++) {
            List<String> r = new ArrayList<>(List.of(c.daily().buckets().get(i).toString()));
            for (ReportCharts.Line l : lines) {
                r.add(Long.toString(l.values().get(i)));
            }
            row(out, r.toArray(String[]::new));
        }
        out.append("\r\n");

        ReportContent.Heat heat = c.heat();
        List<String> heatHeader = new ArrayList<>(List.of("Район"));
        heatHeader.addAll(heat.groupLabels());
        section(out, "Районы и темы", heatHeader);
        for (int r = 0; r < heat.districtLabels().size(); r++) {
            List<String> cells = new ArrayList<>(List.of(heat.districtLabels().get(r)));
            for (long v : heat.counts()[r]) {
                cells.add(Long.toString(v));
            }
            row(out, cells.toArray(String[]::new));
        }
        out.append("\r\n");

        section(out, "Инциденты", List.of("Тема и место", "Сообщений", "Авторов", "Экстренных", "Первое", "Последнее", "Цитата"));
        for (IncidentsResult.Incident inc : c.incidents().incidents()) {
            row(out, ReportTables.incidentTitle(inc), Long.toString(inc.messages()), Long.toString(inc.uniqueAuthors()),
                    Long.toString(inc.emergency()), ReportFormat.moment(inc.firstSeen()), ReportFormat.moment(inc.lastSeen()),
                    inc.quotes().isEmpty() ? "" : inc.quotes().get(0).text());
        }
        out.append("\r\n");

        section(out, "Сигналы", List.of("Вид", "Тема", "Район", "Когда", "Сообщений", "Ожидалось"));
        for (AlertsResult.Spike s : c.alerts().spikes()) {
            row(out, "Всплеск", s.label(), nz(s.districtLabel()), ReportFormat.day(s.windowStart()) + " – " + ReportFormat.day(s.windowEnd()),
                    Long.toString(s.count()), ReportFormat.decimal(s.expected()));
        }
        for (AlertsResult.Emergency e : c.alerts().emergencies()) {
            row(out, "Экстренное без ответа", e.label(), nz(e.districtLabel()), ReportFormat.moment(e.publishedAt()), "1", "");
        }
        out.append("\r\n");

        section(out, "Сроки ответа", List.of("Тема", "Сообщений", "С ответом", "Доля с ответом, %", "Медиана, ч", "90-й процентиль, ч"));
        List<ResponsesResult.Stats> stats = new ArrayList<>(c.responses().byGroup());
        for (ResponsesResult.Stats s : stats) {
            responseRow(out, s.label(), s);
        }
        if (c.responses().overall() != null) {
            responseRow(out, "Всего", c.responses().overall());
        }
        out.append("\r\n");

        table(out, "Исполнители", ReportTables.executors(c.executors()));
        table(out, "Решения, принятые за период", ReportTables.decisions(c.decisions()));

        ComparisonResult cmp = c.comparison();
        List<String> cmpHeader = new ArrayList<>(List.of("Тема"));
        for (String s : cmp.sources()) {
            cmpHeader.add(ReportTables.sourceLabel(s));
            cmpHeader.add(ReportTables.sourceLabel(s) + ", доля %");
        }
        cmpHeader.add("Разница, п.п.");
        section(out, "Сравнение с другими источниками", cmpHeader);
        for (ComparisonResult.Row r : cmp.groups()) {
            List<String> cells = new ArrayList<>(List.of(r.label()));
            for (int i = 0; i < cmp.sources().size(); i++) {
                cells.add(Long.toString(r.counts().get(i)));
                cells.add(pct(r.shares().get(i)));
            }
            cells.add(ReportFormat.decimal(r.shareDifference()));
            row(out, cells.toArray(String[]::new));
        }
        out.append("\r\n");

        section(out, "Методика", List.of("Показатель", "Значение"));
        for (ReportTables.Row r : ReportTables.methodology(c.methodology())) {
            row(out, r.label(), r.value());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void responseRow(StringBuilder out, String label, ResponsesResult.Stats s) {
        row(out, label, Long.toString(s.messages()), Long.toString(s.answered()), pct(s.answeredShare()),
                ReportFormat.decimal(s.medianHours()), ReportFormat.decimal(s.p90Hours()));
    }

    private static String pct(Double fraction) {
        return fraction == null ? "" : ReportFormat.decimal(100 * fraction);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A section of a shared table; without rows, its empty-state text as the only row. */
    private static void table(StringBuilder out, String title, ReportTables.Table t) {
        section(out, title, t.header());
        if (t.rows().isEmpty()) {
            row(out, t.empty());
        }
        t.rows().forEach(r -> row(out, r.toArray(String[]::new)));
        out.append("\r\n");
    }

    private static void section(StringBuilder out, String title, List<String> header) {
        row(out, title);
        row(out, header.toArray(String[]::new));
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(';');
            }
            out.append(quote(cells[i]));
        }
        out.append("\r\n");
    }

    /**
     * RFC 4180 quoting after {@link ReportText#forCsv}. A cell holding either common separator, a
     * quote, a line break or a tab is quoted, so a spreadsheet opening the file with {@code ,} instead
     * of {@code ;} cannot split it into a new cell that starts a formula.
     */
    static String quote(String value) {
        String v = ReportText.forCsv(value);
        if (ReportText.isPlainNumber(v)) {
            return v;
        }
        if (v.indexOf(';') >= 0 || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0 || v.indexOf('\t') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
