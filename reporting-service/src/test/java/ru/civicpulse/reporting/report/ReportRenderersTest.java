package ru.civicpulse.reporting.report;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicGroup;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each format, read back the way a user's tool reads it, shows the content's numbers. Runs in the
 * application: the HTML comes from a checked template, which is built with it.
 */
@QuarkusTest
class ReportRenderersTest {
    private final ReportContent content = ReportSamples.voronezhWeek();

    @Test
    void pdfHasCyrillicTextAndTheNumbers() throws Exception {
        byte[] pdf = ReportPdfRenderer.render(ReportHtmlRenderer.html(content));
        dump("sample.pdf", pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // Lines wrap wherever the layout breaks them; compare words.
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Обращения жителей: Воронеж, 16.11.2026 – 22.11.2026")
                    .contains("Темы обращений", "Сроки ответа", "Методика", "Сигналы")
                    .contains("Нет отопления в доме на Пушкинской, 5; дети мёрзнут & <болеют>")
                    .contains("ru-linear-2026.11.1")
                    .contains("15,0 %");
            assertThat(text).contains("ЖКХ 31 51,7 % 20 +55,0 % 22");
        }
    }

    @Test
    void heatTableLabelsAreNeverBrokenInsideAWord() throws Exception {
        // the seven taxonomy labels with the longest words, and the longest district names
        List<String> groups = Taxonomy.groups().stream().map(TopicGroup::label)
                .sorted(Comparator.comparingInt(ReportRenderersTest::longestWord).reversed()).limit(ReportAssembler.HEAT_GROUPS).toList();
        List<String> districts = List.of("Железнодорожный район", "Коминтерновский район", "Левобережный район", "Не определён");
        String text = heatSection(withHeat(districts, groups), "heat-labels.pdf");
        assertThat(words(text)).as(text).containsAll(words(String.join(" ", groups))).containsAll(words(String.join(" ", districts)));
        assertThat(text).doesNotContain(" — ");

        // labels too long for any column width: numbered columns and a legend naming them whole
        List<String> long7 = new ArrayList<>();
        for (int i = 0; i < ReportAssembler.HEAT_GROUPS; i++) {
            long7.add("Электрогазотеплоснабжение" + "абвгдежз".charAt(i) + " и связь");
        }
        String numbered = heatSection(withHeat(districts, long7), "heat-numbered.pdf");
        for (int i = 0; i < long7.size(); i++) {
            assertThat(numbered).contains((i + 1) + " — " + long7.get(i));
        }
    }

    private ReportContent withHeat(List<String> districts, List<String> groups) {
        long[][] counts = new long[districts.size()][groups.size()];
        for (int r = 0; r < districts.size(); r++) {
            for (int c = 0; c < groups.size(); c++) {
                counts[r][c] = 1000L * r + 37L * c;
            }
        }
        ReportContent c = content;
        return new ReportContent(c.municipality(), c.municipalityLabel(), c.firstDay(), c.lastDay(), c.generatedAt(), c.topics(),
                c.daily(), new ReportContent.Heat(districts, groups, counts), c.incidents(), c.alerts(), c.responses(),
                c.comparison(), c.methodology(), c.executors(), c.decisions());
    }

    /** The PDF's text from the heat table's heading to the next heading, whitespace collapsed. */
    private static String heatSection(ReportContent c, String dumpName) throws Exception {
        byte[] pdf = ReportPdfRenderer.render(ReportHtmlRenderer.html(c));
        dump(dumpName, pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("[\\s\u00a0]+", " ");
            return text.substring(text.indexOf("Районы и темы"), text.indexOf("Главные инциденты"));
        }
    }

    private static List<String> words(String text) {
        return List.of(text.trim().split(" +"));
    }

    private static int longestWord(String label) {
        return words(label).stream().mapToInt(String::length).max().orElse(0);
    }

    @Test
    void htmlIsWellFormedAndSelfContained() throws Exception {
        byte[] html = ReportHtmlRenderer.render(content);
        dump("sample.html", html);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(html));
        assertThat(doc.getElementsByTagName("img").getLength()).isEqualTo(2);
        String text = new String(html, StandardCharsets.UTF_8);
        assertThat(text).contains("data:image/png;base64,").doesNotContain("src=\"http");
    }

    @Test
    void xlsxHasTheSheetsAndNumericCells() throws Exception {
        byte[] xlsx = ReportXlsxRenderer.render(content);
        dump("sample.xlsx", xlsx);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactlyElementsOf(ReportXlsxRenderer.SHEETS);
            Sheet topics = wb.getSheet("Темы");
            Row first = topics.getRow(1);
            assertThat(first.getCell(1).getStringCellValue()).isEqualTo("ЖКХ");
            assertThat(first.getCell(2).getNumericCellValue()).isEqualTo(31.0);
            Sheet daily = wb.getSheet("Динамика");
            double sum = 0;
            for (int i = 1; i <= daily.getLastRowNum(); i++) {
                Row r = daily.getRow(i);
                sum += r.getCell(r.getLastCellNum() - 1).getNumericCellValue();
            }
            assertThat(sum).isEqualTo(60.0);
        }
    }

    @Test
    void csvStartsWithBomAndTheTopicTable() {
        byte[] csv = ReportCsvRenderer.render(content);
        dump("sample.csv", csv);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFТемы\r\nКод;Тема;Сообщений;");
        assertThat(text).contains("\r\nhousing-utilities;ЖКХ;31;51,7;20;55,0;22\r\n");
        assertThat(text).contains("\"Нет отопления в доме на Пушкинской, 5; дети мёрзнут & <болеют>\"");
    }

    @Test
    void executorsAndDecisionsReadAlikeInEveryFormat() throws Exception {
        String executor = "Управа Центрального района;40;25,0;75,0;25,0;20,5;70,0;6;1 / 2 / 1 / 3 / 0;2";
        String csv = new String(ReportCsvRenderer.render(content), StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\nИсполнители\r\nИсполнитель;Сообщений;", "\r\n" + executor + "\r\n",
                "\r\nбез исполнителя;20;25,0;75,0;—;10,0;30,0;1;0 / 0 / 0 / 0 / 0;0\r\n",
                "\r\n\"Решения, принятые за период\"\r\n",
                "\r\n\"ЖКХ, Центральный район\";Управа Центрального района;official.voronezh;19.11.2026 00:00;"
                        + "Замена участка теплотрассы до 25 ноября\r\n");
        try (PDDocument doc = Loader.loadPDF(ReportPdfRenderer.render(ReportHtmlRenderer.html(content)))) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Исполнители", "Решения, принятые за период", "Замена участка теплотрассы до 25 ноября",
                    "Управа Центрального района 40 25,0 75,0 25,0 20,5 70,0 6 1 / 2 / 1 / 3 / 0 2");
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(ReportXlsxRenderer.render(content)))) {
            Row first = wb.getSheet("Исполнители").getRow(1);
            assertThat(first.getCell(0).getStringCellValue()).isEqualTo("Управа Центрального района");
            assertThat(first.getCell(1).getNumericCellValue()).isEqualTo(40.0);
            assertThat(first.getCell(3).getNumericCellValue()).isEqualTo(75.0);
            assertThat(first.getCell(7).getNumericCellValue()).isEqualTo(6.0);
            assertThat(wb.getSheet("Решения").getRow(1).getCell(4).getStringCellValue()).isEqualTo("Замена участка теплотрассы до 25 ноября");
        }

        ReportContent c = content;
        ReportContent none = new ReportContent(c.municipality(), c.municipalityLabel(), c.firstDay(), c.lastDay(), c.generatedAt(),
                c.topics(), c.daily(), c.heat(), c.incidents(), c.alerts(), c.responses(), c.comparison(), c.methodology(),
                new ru.civicpulse.reporting.analytics.ExecutorsResult(c.executors().from(), c.executors().to(),
                        c.executors().previousFrom(), List.of()), List.of());
        String html = ReportHtmlRenderer.html(none);
        assertThat(html).contains("<h2>Исполнители</h2><p class=\"note\">Исполнителей и сообщений за период нет.</p>",
                "<h2>Решения, принятые за период</h2><p class=\"note\">Решений за период не принято.</p>");
        assertThat(new String(ReportCsvRenderer.render(none), StandardCharsets.UTF_8))
                .contains("\"Решения, принятые за период\"\r\nИнцидент;Исполнитель;Кто принял;Когда;Решение\r\nРешений за период не принято.\r\n");
    }

    /** Keeps a document to look at: in {@code target/report-samples}, or the directory {@code report.dump.dir} names. */
    private static void dump(String name, byte[] bytes) {
        Path dir = Path.of(System.getProperty("report.dump.dir", "target/report-samples"));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
