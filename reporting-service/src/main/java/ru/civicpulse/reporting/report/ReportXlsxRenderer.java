package ru.civicpulse.reporting.report;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The report as a workbook: numbers stay numbers (shares as percent-formatted fractions). */
public final class ReportXlsxRenderer {
    public static final List<String> SHEETS = List.of(
            "Сводка", "Темы", "Динамика", "Районы", "Инциденты", "Сигналы", "Сроки ответа", "Исполнители", "Решения", "Сравнение");

    private ReportXlsxRenderer() {
    }

    public static byte[] render(ReportContent c) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles st = new Styles(wb);
            summary(wb.createSheet(SHEETS.get(0)), st, c);
            topics(wb.createSheet(SHEETS.get(1)), st, c.topics());
            daily(wb.createSheet(SHEETS.get(2)), st, c);
            heat(wb.createSheet(SHEETS.get(3)), st, c.heat());
            incidents(wb.createSheet(SHEETS.get(4)), st, c.incidents());
            alerts(wb.createSheet(SHEETS.get(5)), st, c.alerts());
            responses(wb.createSheet(SHEETS.get(6)), st, c.responses());
            table(wb.createSheet(SHEETS.get(7)), st, ReportTables.executors(c.executors()));
            table(wb.createSheet(SHEETS.get(8)), st, ReportTables.decisions(c.decisions()));
            comparison(wb.createSheet(SHEETS.get(9)), st, c.comparison());
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Styles(CellStyle header, CellStyle percent, CellStyle decimal) {
        Styles(XSSFWorkbook wb) {
            this(wb.createCellStyle(), wb.createCellStyle(), wb.createCellStyle());
            Font bold = wb.createFont();
            bold.setBold(true);
            header.setFont(bold);
            percent.setDataFormat(wb.createDataFormat().getFormat("0.0%"));
            decimal.setDataFormat(wb.createDataFormat().getFormat("0.0"));
        }
    }

    private static void summary(Sheet sh, Styles st, ReportContent c) {
        header(sh, st, "Показатель", "Значение");
        TopicsResult t = c.topics();
        ResponsesResult.Stats overall = c.responses().overall();
        text(sh, "Муниципалитет", c.municipalityLabel());
        text(sh, "Период", ReportFormat.period(c));
        text(sh, "Сформирован", ReportFormat.moment(c.generatedAt()));
        number(sh, st, "Сообщений за период", t.total());
        number(sh, st, "Сообщений за предыдущий период", t.previousTotal());
        share(sh, st, "Изменение к предыдущему периоду", ReportFormat.change(t.total(), t.previousTotal()));
        number(sh, st, "Уникальных авторов", t.uniqueAuthors());
        number(sh, st, "Инцидентов", c.incidents().incidents().size());
        number(sh, st, "Всплесков", c.alerts().spikes().size());
        number(sh, st, "Экстренных сообщений без ответа", c.alerts().emergencies().size());
        share(sh, st, "Доля сообщений с ответом", overall == null ? null : overall.answeredShare());
        decimal(sh, st, "Медиана времени ответа, ч", overall == null ? null : overall.medianHours());
        sh.createRow(sh.getLastRowNum() + 1);
        Row m = sh.createRow(sh.getLastRowNum() + 1);
        cell(m, 0, "Методика").setCellStyle(st.header());
        for (ReportTables.Row r : ReportTables.methodology(c.methodology())) {
            text(sh, r.label(), r.value());
        }
        share(sh, st, "Доля требующих проверки (число)", c.methodology().needsReviewShare());
        sh.setColumnWidth(0, 40 * 256);
        sh.setColumnWidth(1, 60 * 256);
    }

    private static void topics(Sheet sh, Styles st, TopicsResult t) {
        header(sh, st, "Код", "Тема", "Сообщений", "Доля", "Предыдущий период", "Изменение", "Авторов");
        for (TopicsResult.GroupCount g : t.groups()) {
            Row r = next(sh);
            cell(r, 0, g.group());
            cell(r, 1, g.label());
            r.createCell(2).setCellValue(g.count());
            pct(r, 3, st, g.share());
            r.createCell(4).setCellValue(g.previousCount());
            pct(r, 5, st, g.change());
            r.createCell(6).setCellValue(g.uniqueAuthors());
        }
        Row total = next(sh);
        cell(total, 1, "Всего").setCellStyle(st.header());
        total.createCell(2).setCellValue(t.total());
        total.createCell(4).setCellValue(t.previousTotal());
        pct(total, 5, st, ReportFormat.change(t.total(), t.previousTotal()));
        total.createCell(6).setCellValue(t.uniqueAuthors());
        sh.setColumnWidth(0, 22 * 256);
        sh.setColumnWidth(1, 45 * 256);
    }

    private static void daily(Sheet sh, Styles st, ReportContent c) {
        List<String> header = new ArrayList<>(List.of("Дата", "Код"));
        c.daily().series().forEach(s -> header.add(s.label()));
        header.add("Всего");
        header(sh, st, header.toArray(String[]::new));
        // Every group as a column, so the sheet sums to the topic table.
        for (int i = 0; i < c.daily().buckets().size(); i++) {
            Row r = next(sh);
            cell(r, 0, ReportFormat.day(c.daily().buckets().get(i)));
            cell(r, 1, c.daily().buckets().get(i).toString());
            long sum = 0;
            int col = 2;
            for (var s : c.daily().series()) {
                long v = s.counts().get(i);
                sum += v;
                r.createCell(col++).setCellValue(v);
            }
            r.createCell(col).setCellValue(sum);
        }
        sh.setColumnWidth(0, 12 * 256);
    }

    private static void heat(Sheet sh, Styles st, ReportContent.Heat heat) {
        List<String> header = new ArrayList<>(List.of("Район"));
        header.addAll(heat.groupLabels());
        header(sh, st, header.toArray(String[]::new));
        for (int i = 0; i < heat.districtLabels().size(); i++) {
            Row r = next(sh);
            cell(r, 0, heat.districtLabels().get(i));
            for (int j = 0; j < heat.groupLabels().size(); j++) {
                r.createCell(j + 1).setCellValue(heat.counts()[i][j]);
            }
        }
        sh.setColumnWidth(0, 28 * 256);
    }

    private static void incidents(Sheet sh, Styles st, IncidentsResult incidents) {
        header(sh, st, "Тема и место", "Сообщений", "Авторов", "Экстренных", "Первое", "Последнее", "Оценка важности", "Цитаты");
        for (IncidentsResult.Incident inc : incidents.incidents()) {
            Row r = next(sh);
            cell(r, 0, ReportTables.incidentTitle(inc));
            r.createCell(1).setCellValue(inc.messages());
            r.createCell(2).setCellValue(inc.uniqueAuthors());
            r.createCell(3).setCellValue(inc.emergency());
            cell(r, 4, ReportFormat.moment(inc.firstSeen()));
            cell(r, 5, ReportFormat.moment(inc.lastSeen()));
            Cell score = r.createCell(6);
            score.setCellValue(inc.concernScore());
            score.setCellStyle(st.decimal());
            StringBuilder quotes = new StringBuilder();
            inc.quotes().stream().limit(ReportTables.QUOTES_PER_INCIDENT)
                    .forEach(q -> quotes.append(quotes.isEmpty() ? "" : "\n").append('«').append(q.text()).append('»'));
            cell(r, 7, quotes.toString());
        }
        sh.setColumnWidth(0, 45 * 256);
        sh.setColumnWidth(7, 80 * 256);
    }

    private static void alerts(Sheet sh, Styles st, AlertsResult alerts) {
        header(sh, st, "Вид", "Тема", "Район", "С", "По", "Сообщений", "Ожидалось", "Текст");
        for (AlertsResult.Spike s : alerts.spikes()) {
            Row r = next(sh);
            cell(r, 0, "Всплеск");
            cell(r, 1, s.label());
            cell(r, 2, s.districtLabel());
            cell(r, 3, ReportFormat.day(s.windowStart()));
            cell(r, 4, ReportFormat.day(s.windowEnd()));
            r.createCell(5).setCellValue(s.count());
            Cell e = r.createCell(6);
            e.setCellValue(s.expected());
            e.setCellStyle(st.decimal());
        }
        for (AlertsResult.Emergency em : alerts.emergencies()) {
            Row r = next(sh);
            cell(r, 0, "Экстренное без ответа");
            cell(r, 1, em.label());
            cell(r, 2, em.districtLabel());
            cell(r, 3, ReportFormat.moment(em.publishedAt()));
            cell(r, 7, em.text());
        }
        sh.setColumnWidth(1, 40 * 256);
    }

    private static void responses(Sheet sh, Styles st, ResponsesResult responses) {
        header(sh, st, "Тема", "Сообщений", "С ответом", "Доля с ответом", "Медиана, ч", "90-й процентиль, ч");
        for (ResponsesResult.Stats s : responses.byGroup()) {
            responseRow(sh, st, s.label(), s);
        }
        if (responses.overall() != null) {
            responseRow(sh, st, "Всего", responses.overall());
        }
        sh.setColumnWidth(0, 45 * 256);
    }

    private static void responseRow(Sheet sh, Styles st, String label, ResponsesResult.Stats s) {
        Row r = next(sh);
        cell(r, 0, label);
        r.createCell(1).setCellValue(s.messages());
        r.createCell(2).setCellValue(s.answered());
        pct(r, 3, st, s.answeredShare());
        dec(r, 4, st, s.medianHours());
        dec(r, 5, st, s.p90Hours());
    }

    private static void comparison(Sheet sh, Styles st, ComparisonResult cmp) {
        List<String> header = new ArrayList<>(List.of("Тема"));
        for (String s : cmp.sources()) {
            header.add(ReportTables.sourceLabel(s));
            header.add(ReportTables.sourceLabel(s) + ", доля");
        }
        header.add("Разница, п.п.");
        header(sh, st, header.toArray(String[]::new));
        for (ComparisonResult.Row row : cmp.groups()) {
            Row r = next(sh);
            cell(r, 0, row.label());
            int col = 1;
            for (int i = 0; i < cmp.sources().size(); i++) {
                r.createCell(col++).setCellValue(row.counts().get(i));
                pct(r, col++, st, row.shares().get(i));
            }
            dec(r, col, st, row.shareDifference());
        }
        sh.setColumnWidth(0, 45 * 256);
    }

    /** A shared table; numbers as numeric cells (decimals with one shown place), its empty-state text when it has no rows. */
    private static void table(Sheet sh, Styles st, ReportTables.Table t) {
        header(sh, st, t.header().toArray(String[]::new));
        if (t.rows().isEmpty()) {
            cell(next(sh), 0, t.empty());
        }
        for (List<String> row : t.rows()) {
            Row r = next(sh);
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                if (i > 0 && v.matches("-?\\d{1,15}")) {
                    r.createCell(i).setCellValue(Long.parseLong(v));
                } else if (i > 0 && v.matches("-?\\d{1,15},\\d{1,6}")) {
                    dec(r, i, st, Double.parseDouble(v.replace(',', '.')));
                } else {
                    cell(r, i, v);
                }
            }
        }
        sh.setColumnWidth(0, 40 * 256);
    }

    private static void header(Sheet sh, Styles st, String... titles) {
        Row r = sh.createRow(0);
        for (int i = 0; i < titles.length; i++) {
            cell(r, i, titles[i]).setCellStyle(st.header());
        }
        sh.createFreezePane(0, 1);
    }

    private static Row next(Sheet sh) {
        return sh.createRow(sh.getPhysicalNumberOfRows() == 0 ? 0 : sh.getLastRowNum() + 1);
    }

    private static Cell cell(Row r, int col, String value) {
        Cell c = r.createCell(col);
        c.setCellValue(ReportText.forXlsx(value));
        return c;
    }

    private static void text(Sheet sh, String label, String value) {
        Row r = next(sh);
        cell(r, 0, label);
        cell(r, 1, value);
    }

    private static void number(Sheet sh, Styles st, String label, long value) {
        Row r = next(sh);
        cell(r, 0, label);
        r.createCell(1).setCellValue(value);
    }

    private static void share(Sheet sh, Styles st, String label, Double fraction) {
        Row r = next(sh);
        cell(r, 0, label);
        pct(r, 1, st, fraction);
    }

    private static void decimal(Sheet sh, Styles st, String label, Double value) {
        Row r = next(sh);
        cell(r, 0, label);
        dec(r, 1, st, value);
    }

    private static void pct(Row r, int col, Styles st, Double fraction) {
        Cell c = r.createCell(col);
        if (fraction != null) {
            c.setCellValue(fraction);
            c.setCellStyle(st.percent());
        }
    }

    private static void dec(Row r, int col, Styles st, Double value) {
        Cell c = r.createCell(col);
        if (value != null) {
            c.setCellValue(value);
            c.setCellStyle(st.decimal());
        }
    }
}
