package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.MethodologyResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TimeseriesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained XHTML page (charts inline as PNG data URIs, styles inline).
 * Well-formed XML on purpose: the PDF is typeset from this same page.
 */
public final class ReportHtmlRenderer {
    static final int BAR_GROUPS = 12;

    private static final String CSS = """
            @page { size: A4; margin: 12mm; }
            body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #222; max-width: 760px; margin: 0 auto; }
            h1 { font-size: 17pt; margin: 0 0 2pt 0; }
            h2 { font-size: 13pt; margin: 16pt 0 6pt 0; border-bottom: 1px solid #1f5fa8; padding-bottom: 2pt; }
            p.meta { color: #555; margin: 0 0 8pt 0; }
            table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
            th, td { border: 1px solid #ccc; padding: 2pt 4pt; text-align: left; vertical-align: top; }
            th { background: #eef2f7; }
            td.n, th.n { text-align: right; }
            table.heat { table-layout: fixed; font-size: 7.5pt; }
            table.heat th, table.heat td { padding: 2pt; word-wrap: normal; hyphens: none; }
            table.heat th { vertical-align: bottom; }
            table.heat th.n { text-align: center; }
            table.heat td.n { text-align: center; }
            blockquote { margin: 2pt 0 2pt 10pt; padding-left: 6pt; border-left: 3px solid #ccc; color: #444; font-style: normal; }
            .up { color: #b3261e; }
            .down { color: #2e7d32; }
            div.chart { page-break-inside: avoid; margin: 4pt 0; }
            h2 { page-break-after: avoid; }
            tr { page-break-inside: avoid; }
            .note { color: #555; font-size: 9pt; }
            table.executors { table-layout: fixed; font-size: 7pt; }
            table.executors th.first { width: 20%; }
            table.decisions th.first { width: 24%; }
            table.decisions td.n { text-align: left; }
            """;

    private ReportHtmlRenderer() {
    }

    public static byte[] render(ReportContent c) {
        return html(c).getBytes(StandardCharsets.UTF_8);
    }

    public static String html(ReportContent c) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Обращения жителей: " + c.municipalityLabel() + ", " + ReportFormat.period(c);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ru\"><head>")
                .append("<meta charset=\"utf-8\"/><title>").append(esc(title)).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1>");
        h.append("<p class=\"meta\">Сформирован ").append(esc(ReportFormat.moment(c.generatedAt())))
                .append(" (время московское). Сравнение — с предыдущим периодом той же длины.</p>");
        headline(h, c);
        topics(h, c.topics());
        trend(h, c.daily());
        heat(h, c.heat());
        incidents(h, c.incidents());
        alerts(h, c.alerts());
        responses(h, c.responses());
        table(h, "Исполнители", "executors", ReportTables.executors(c.executors()));
        table(h, "Решения, принятые за период", "decisions", ReportTables.decisions(c.decisions()));
        comparison(h, c.comparison());
        methodology(h, c.methodology());
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void headline(StringBuilder h, ReportContent c) {
        h.append("<h2>Главное</h2><table class=\"headline\">");
        for (ReportTables.Row row : ReportTables.headline(c)) {
            h.append("<tr><th>").append(esc(row.label())).append("</th><td class=\"n\">").append(esc(row.value())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void topics(StringBuilder h, TopicsResult t) {
        h.append("<h2>Темы обращений</h2>");
        img(h, ReportCharts.topicBars(t.groups(), BAR_GROUPS), "Сообщения по темам");
        h.append("<table class=\"topics\"><tr><th>Тема</th><th class=\"n\">Сообщений</th><th class=\"n\">Доля</th>")
                .append("<th class=\"n\">Пред. период</th><th class=\"n\">Изменение</th><th class=\"n\">Авторов</th></tr>");
        for (TopicsResult.GroupCount g : t.groups()) {
            h.append("<tr><td>").append(esc(g.label())).append("</td>")
                    .append(num(g.count())).append(cell(ReportFormat.share(g.share())))
                    .append(num(g.previousCount()))
                    .append("<td class=\"n ").append(trendClass(g.change())).append("\">").append(esc(ReportFormat.change(g.change()))).append("</td>")
                    .append(num(g.uniqueAuthors())).append("</tr>");
        }
        h.append("<tr><th>Всего</th>").append(num(t.total())).append(cell(t.total() > 0 ? "100,0 %" : ReportFormat.NONE))
                .append(num(t.previousTotal())).append(cell(ReportFormat.change(ReportFormat.change(t.total(), t.previousTotal()))))
                .append(num(t.uniqueAuthors())).append("</tr></table>");
    }

    private static void trend(StringBuilder h, TimeseriesResult daily) {
        h.append("<h2>Динамика по дням</h2>");
        List<ReportCharts.Line> lines = ReportTables.trendLines(daily);
        img(h, ReportCharts.trendLines(daily.buckets(), lines), "Сообщения по дням");
        h.append("<table class=\"daily\"><tr><th>Дата</th>");
        for (ReportCharts.Line line : lines) {
            h.append("<th class=\"n\">").append(esc(line.label())).append("</th>");
        }
        h.append("</tr>");
        for (int i = 0; i < daily.buckets().size(); i++) {
            h.append("<tr><td>").append(esc(ReportFormat.day(daily.buckets().get(i)))).append("</td>");
            for (ReportCharts.Line line : lines) {
                h.append(num(line.values().get(i)));
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void heat(StringBuilder h, ReportContent.Heat heat) {
        h.append("<h2>Районы и темы</h2>");
        if (heat.isEmpty()) {
            h.append("<p class=\"note\">Разбивка по районам не применяется или сообщений с районом нет.</p>");
            return;
        }
        long max = heat.max();
        HeatLayout layout = HeatLayout.of(heat);
        h.append("<table class=\"heat\"><tr><th style=\"width: ").append(pt(layout.widths().get(0))).append(";\">Район</th>");
        for (int col = 0; col < layout.headers().size(); col++) {
            h.append("<th class=\"n\" style=\"width: ").append(pt(layout.widths().get(col + 1))).append("; font-size: ")
                    .append(pt(layout.headerSize())).append(";\">").append(esc(layout.headers().get(col))).append("</th>");
        }
        h.append("</tr>");
        for (int r = 0; r < heat.districtLabels().size(); r++) {
            h.append("<tr><td>").append(esc(heat.districtLabels().get(r))).append("</td>");
            for (int col = 0; col < heat.groupLabels().size(); col++) {
                long v = heat.counts()[r][col];
                h.append("<td class=\"n\" style=\"background-color: ").append(heatColour(v, max)).append(";\">")
                        .append(v).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (layout.numbered()) {
            h.append("<p class=\"note\">");
            for (int col = 0; col < heat.groupLabels().size(); col++) {
                h.append(col == 0 ? "" : "; ").append(col + 1).append("&#160;— ").append(esc(heat.groupLabels().get(col)));
            }
            h.append(".</p>");
        }
    }

    private static String pt(double points) {
        return String.format(Locale.ROOT, "%.1fpt", points);
    }

    /** White to deep red in proportion to the count. */
    static String heatColour(long value, long max) {
        double f = max == 0 ? 0 : (double) value / max;
        int g = (int) Math.round(255 - f * 160);
        int b = (int) Math.round(255 - f * 170);
        return String.format(Locale.ROOT, "#ff%02x%02x", g, b);
    }

    private static void incidents(StringBuilder h, IncidentsResult incidents) {
        h.append("<h2>Главные инциденты</h2>");
        if (incidents.incidents().isEmpty()) {
            h.append("<p class=\"note\">Инцидентов за период нет.</p>");
            return;
        }
        h.append("<table class=\"incidents\"><tr><th>#</th><th>Тема и место</th><th class=\"n\">Сообщений</th>")
                .append("<th class=\"n\">Авторов</th><th class=\"n\">Экстренных</th><th>Период</th></tr>");
        int i = 1;
        for (IncidentsResult.Incident inc : incidents.incidents()) {
            h.append("<tr><td>").append(i++).append("</td><td><b>").append(esc(ReportTables.incidentTitle(inc))).append("</b>");
            inc.quotes().stream().limit(ReportTables.QUOTES_PER_INCIDENT)
                    .forEach(q -> h.append("<blockquote>«").append(esc(q.text())).append("»</blockquote>"));
            h.append("</td>").append(num(inc.messages())).append(num(inc.uniqueAuthors())).append(num(inc.emergency()))
                    .append(txt(ReportFormat.moment(inc.firstSeen()) + " – " + ReportFormat.moment(inc.lastSeen())))
                    .append("</tr>");
        }
        h.append("</table>");
    }

    private static void alerts(StringBuilder h, AlertsResult alerts) {
        h.append("<h2>Сигналы</h2>");
        if (alerts.spikes().isEmpty() && alerts.emergencies().isEmpty()) {
            h.append("<p class=\"note\">Всплесков и экстренных сообщений без ответа нет.</p>");
            return;
        }
        if (!alerts.spikes().isEmpty()) {
            h.append("<table class=\"spikes\"><tr><th>Всплеск</th><th>Район</th><th>Дни</th>")
                    .append("<th class=\"n\">Сообщений</th><th class=\"n\">Ожидалось</th></tr>");
            for (AlertsResult.Spike s : alerts.spikes()) {
                h.append("<tr><td>").append(esc(s.label())).append("</td>").append(txt(ReportTables.orNone(s.districtLabel())))
                        .append(txt(ReportFormat.day(s.windowStart()) + " – " + ReportFormat.day(s.windowEnd())))
                        .append(num(s.count())).append(cell(ReportFormat.decimal(s.expected()))).append("</tr>");
            }
            h.append("</table>");
        }
        if (!alerts.emergencies().isEmpty()) {
            h.append("<table class=\"emergencies\"><tr><th>Экстренное без ответа</th><th>Район</th>")
                    .append("<th>Опубликовано</th><th class=\"n\">Ждёт, ч</th></tr>");
            for (AlertsResult.Emergency e : alerts.emergencies()) {
                h.append("<tr><td>").append(esc(e.label())).append("<blockquote>«").append(esc(e.text())).append("»</blockquote></td>")
                        .append(txt(ReportTables.orNone(e.districtLabel()))).append(txt(ReportFormat.moment(e.publishedAt())))
                        .append(cell(ReportFormat.decimal(e.hoursWaiting()))).append("</tr>");
            }
            h.append("</table>");
        }
    }

    private static void responses(StringBuilder h, ResponsesResult r) {
        h.append("<h2>Сроки ответа</h2>");
        h.append("<table class=\"responses\"><tr><th>Тема</th><th class=\"n\">Сообщений</th><th class=\"n\">С ответом</th>")
                .append("<th class=\"n\">Доля с ответом</th><th class=\"n\">Медиана</th><th class=\"n\">90-й процентиль</th></tr>");
        for (ResponsesResult.Stats s : r.byGroup()) {
            responseRow(h, s, false);
        }
        if (r.overall() != null) {
            responseRow(h, r.overall(), true);
        }
        h.append("</table>");
        if (r.overdueTotal() > 0) {
            h.append("<p>Без ответа дольше установленного срока: ").append(r.overdueTotal()).append(" сообщ.</p>");
        }
    }

    private static void responseRow(StringBuilder h, ResponsesResult.Stats s, boolean total) {
        h.append("<tr>").append(total ? "<th>Всего</th>" : "<td>" + esc(s.label()) + "</td>")
                .append(num(s.messages())).append(num(s.answered())).append(cell(ReportFormat.share(s.answeredShare())))
                .append(cell(ReportFormat.hours(s.medianHours()))).append(cell(ReportFormat.hours(s.p90Hours()))).append("</tr>");
    }

    /** A shared table under its heading; numbers right-aligned, its empty-state text when it has no rows. */
    private static void table(StringBuilder h, String title, String cssClass, ReportTables.Table t) {
        h.append("<h2>").append(esc(title)).append("</h2>");
        if (t.rows().isEmpty()) {
            h.append("<p class=\"note\">").append(esc(t.empty())).append("</p>");
            return;
        }
        h.append("<table class=\"").append(cssClass).append("\"><tr>");
        for (int i = 0; i < t.header().size(); i++) {
            h.append(i == 0 ? "<th class=\"first\">" : "<th class=\"n\">").append(esc(t.header().get(i))).append("</th>");
        }
        h.append("</tr>");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                h.append(i == 0 ? txt(row.get(i)) : cell(row.get(i)));
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void comparison(StringBuilder h, ComparisonResult c) {
        h.append("<h2>Сравнение с другими источниками</h2>");
        if (c.sources().size() < 2) {
            h.append("<p class=\"note\">Внешняя статистика за период не загружена; сравнивать не с чем.</p>");
            return;
        }
        h.append("<table class=\"comparison\"><tr><th>Тема</th>");
        for (String s : c.sources()) {
            h.append("<th class=\"n\">").append(esc(ReportTables.sourceLabel(s))).append("</th><th class=\"n\">Доля</th>");
        }
        h.append("<th class=\"n\">Разница, п.п.</th></tr>");
        for (ComparisonResult.Row row : c.groups()) {
            h.append("<tr><td>").append(esc(row.label())).append("</td>");
            for (int i = 0; i < c.sources().size(); i++) {
                h.append(num(row.counts().get(i))).append(cell(ReportFormat.share(row.shares().get(i))));
            }
            h.append(cell(ReportFormat.decimal(row.shareDifference()))).append("</tr>");
        }
        h.append("</table>");
        for (ComparisonResult.Correlation corr : c.correlations()) {
            h.append("<p>Ранговая корреляция тем (Спирмен), ").append(esc(ReportTables.sourceLabel(corr.a()))).append(" и ")
                    .append(esc(ReportTables.sourceLabel(corr.b()))).append(": ").append(esc(ReportFormat.decimal2(corr.spearman()))).append(".</p>");
        }
        for (ComparisonResult.Divergence d : c.divergences()) {
            h.append("<p>Тема «").append(esc(d.label())).append("» растёт в источнике ").append(esc(ReportTables.sourceLabel(d.risingIn())))
                    .append(" (").append(esc(ReportFormat.change(d.change()))).append("), но не в источнике ")
                    .append(esc(ReportTables.sourceLabel(d.notIn()))).append(" (").append(esc(ReportFormat.change(d.otherChange()))).append(").</p>");
        }
    }

    private static void methodology(StringBuilder h, MethodologyResult m) {
        h.append("<h2>Методика</h2><table class=\"methodology\">");
        for (ReportTables.Row row : ReportTables.methodology(m)) {
            h.append("<tr><th>").append(esc(row.label())).append("</th><td>").append(esc(row.value())).append("</td></tr>");
        }
        h.append("</table><p class=\"note\">Все цифры отчёта посчитаны по суточным агрегатам CivicPulse ")
                .append("за тот же период и совпадают с аналитическим API. Официальные ответы не считаются обращениями.</p>");
    }

    private static void img(StringBuilder h, ReportCharts.Chart chart, String alt) {
        h.append("<div class=\"chart\"><img alt=\"").append(esc(alt)).append("\" width=\"").append(chart.width()).append("\" height=\"")
                .append(chart.height()).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(chart.png())).append("\"/></div>");
    }

    private static String num(long value) {
        return "<td class=\"n\">" + value + "</td>";
    }

    private static String cell(String text) {
        return "<td class=\"n\">" + esc(text) + "</td>";
    }

    private static String txt(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    private static String trendClass(Double change) {
        return change == null ? "" : change > 0 ? "up" : change < 0 ? "down" : "";
    }

    /** XML-escaped text with what XML 1.0 forbids removed ({@link ReportText#clean}). */
    static String esc(String s) {
        String v = ReportText.clean(s);
        StringBuilder out = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
