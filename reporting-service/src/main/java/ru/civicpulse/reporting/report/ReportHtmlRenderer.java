package ru.civicpulse.reporting.report;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained XHTML page from the checked template
 * {@code templates/report/document.html}: charts inline as PNG data URIs, styles
 * ({@code report/base.css}, {@code report/report.css}) inline. Well-formed XML on purpose: the PDF
 * is typeset from this same page. The template reads the content and the format-neutral
 * {@link ReportTables}; what only this page needs (charts, the heat table's layout) is in {@link Page}.
 */
public final class ReportHtmlRenderer {
    static final int BAR_GROUPS = 12;
    private static final String CSS = DocumentStyles.of("report.css");

    private ReportHtmlRenderer() {
    }

    @CheckedTemplate(basePath = "report")
    static class Templates {
        static native TemplateInstance document(ReportContent c, Page page, String css);
    }

    /** What the page shows besides the content itself, ready to lay out. */
    public record Page(String title, List<ReportTables.Row> headline, Image topicChart, String totalShare, String totalChange,
                       List<ReportCharts.Line> trendLines, Image trendChart, HeatTable heat, List<Incident> incidents,
                       List<Response> responses, List<Shared> tables, List<ReportTables.Row> methodology) {
    }

    /** A chart as an image element shows it: its displayed size and its PNG as a data URI. */
    public record Image(int width, int height, String src) {
        static Image of(ReportCharts.Chart chart) {
            return new Image(chart.width(), chart.height(),
                    "data:image/png;base64," + Base64.getEncoder().encodeToString(chart.png()));
        }
    }

    /**
     * The district × topic table laid out by {@link HeatLayout}: column widths, header styles, a
     * colour per cell, and the legend naming numbered columns (empty when the headers are the labels).
     */
    public record HeatTable(String districtWidth, List<Header> headers, List<HeatRow> rows, List<String> legend) {
    }

    public record Header(String label, String style) {
    }

    public record HeatRow(String district, List<HeatCell> cells) {
    }

    public record HeatCell(long count, String colour) {
    }

    /** An incident with the quotes the page shows. */
    public record Incident(String title, List<String> quotes, IncidentsResult.Incident incident) {
    }

    /** A row of the response-time table; the total row is headed like the topic table's. */
    public record Response(ResponsesResult.Stats stats, boolean total) {
    }

    /** A table every format shows alike, under its heading. */
    public record Shared(String title, String cssClass, ReportTables.Table table) {
    }

    public static byte[] render(ReportContent c) {
        return html(c).getBytes(StandardCharsets.UTF_8);
    }

    /** The page; whatever XML 1.0 forbids is removed from all of it ({@link ReportText#clean}), residents' text included. */
    public static String html(ReportContent c) {
        return ReportText.clean(Templates.document(c, page(c), CSS).render());
    }

    static Page page(ReportContent c) {
        TopicsResult t = c.topics();
        List<Incident> incidents = c.incidents().incidents().stream()
                .map(inc -> new Incident(ReportTables.incidentTitle(inc), inc.quotes().stream()
                        .limit(ReportTables.QUOTES_PER_INCIDENT).map(IncidentsResult.Quote::text).toList(), inc))
                .toList();
        List<Response> responses = new ArrayList<>();
        c.responses().byGroup().forEach(s -> responses.add(new Response(s, false)));
        if (c.responses().overall() != null) {
            responses.add(new Response(c.responses().overall(), true));
        }
        List<ReportCharts.Line> lines = ReportTables.trendLines(c.daily());
        return new Page("Обращения жителей: " + c.municipalityLabel() + ", " + ReportFormat.period(c),
                ReportTables.headline(c),
                Image.of(ReportCharts.topicBars(t.groups(), BAR_GROUPS)),
                t.total() > 0 ? "100,0 %" : ReportFormat.NONE,
                ReportFormat.change(ReportFormat.change(t.total(), t.previousTotal())),
                lines, Image.of(ReportCharts.trendLines(c.daily().buckets(), lines)),
                heat(c.heat()), incidents, responses,
                List.of(new Shared("Исполнители", "executors", ReportTables.executors(c.executors())),
                        new Shared("Решения, принятые за период", "decisions", ReportTables.decisions(c.decisions()))),
                ReportTables.methodology(c.methodology()));
    }

    /** The heat table, or null when the town has no districts or no message names one. */
    private static HeatTable heat(ReportContent.Heat heat) {
        if (heat.isEmpty()) {
            return null;
        }
        long max = heat.max();
        HeatLayout layout = HeatLayout.of(heat);
        List<Header> headers = new ArrayList<>();
        for (int col = 0; col < layout.headers().size(); col++) {
            headers.add(new Header(layout.headers().get(col),
                    "width: " + pt(layout.widths().get(col + 1)) + "; font-size: " + pt(layout.headerSize()) + ";"));
        }
        List<HeatRow> rows = new ArrayList<>();
        for (int r = 0; r < heat.districtLabels().size(); r++) {
            List<HeatCell> cells = new ArrayList<>();
            for (int col = 0; col < heat.groupLabels().size(); col++) {
                long v = heat.counts()[r][col];
                cells.add(new HeatCell(v, heatColour(v, max)));
            }
            rows.add(new HeatRow(heat.districtLabels().get(r), cells));
        }
        return new HeatTable(pt(layout.widths().get(0)), headers, rows, layout.numbered() ? heat.groupLabels() : List.of());
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

    /** The class that colours a topic's change: rising red, falling green. Used as {@code {g.trend}}. */
    @TemplateExtension
    static String trend(TopicsResult.GroupCount g) {
        Double change = g.change();
        return change == null ? "" : change > 0 ? "up" : change < 0 ? "down" : "";
    }
}
