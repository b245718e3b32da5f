package ru.civicpulse.reporting.report;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.ReportPublished;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports over a known week of messages, read back the way their users read them (PDF text,
 * workbook cells, CSV fields, HTML tables) and compared with the analytics API for the same
 * period and municipality. Test resources: {@code ru.civicpulse.reporting.TestResources}.
 */
@QuarkusTest
class ReportsApiTest {
    /** A week nobody else's test uses. */
    static final LocalDate MONDAY = LocalDate.of(2025, 3, 10);
    static final String FROM = MONDAY.toString();
    static final String TO = MONDAY.plusWeeks(1).toString();
    static final String EXTERNAL = "cur-report-test";

    @Inject
    ReportService reports;

    private static final java.util.concurrent.atomic.AtomicBoolean LOADED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Once per JVM; in a per-test hook because the HTTP port is known only once a test runs. */
    @BeforeEach
    void loadWeek() {
        if (LOADED.getAndSet(true)) {
            return;
        }
        ReportTestData.produceWeek(MONDAY, "rep-api");
        // A regional centre's figures for the same week, to compare with
        given().auth().oauth2(Tokens.regionAnalyst()).contentType("text/csv")
                .body("periodStart,periodEnd,municipality,group,count\n"
                        + "2025-03-10,2025-03-16,voronezh,housing-utilities,300\n"
                        + "2025-03-10,2025-03-16,voronezh,roads,150\n"
                        + "2025-03-10,2025-03-16,voronezh,waste,50\n")
                .put("/api/v1/external-stats/" + EXTERNAL).then().statusCode(200);
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(topics("voronezh").getLong("total")).isEqualTo(ReportTestData.count("voronezh")));
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(topics("novovoronezh").getLong("total")).isEqualTo(ReportTestData.count("novovoronezh")));
    }

    @Test
    void documentsShowTheAnalyticsNumbers() throws Exception {
        String id = order(Tokens.regionAnalyst(), "voronezh");
        JsonPath done = awaitDone(Tokens.regionAnalyst(), id);
        assertThat(done.getList("formats", String.class)).containsExactly("pdf", "html", "xlsx", "csv");
        assertThat(done.getString("firstDay")).isEqualTo("2025-03-10");
        assertThat(done.getString("lastDay")).isEqualTo("2025-03-16");

        JsonPath topics = topics("voronezh");
        Map<String, Long> counts = groupCounts(topics);
        assertThat(counts).containsEntry("housing-utilities", 20L).containsEntry("roads", 12L).containsEntry("waste", 8L);
        long total = topics.getLong("total");

        // PDF: the text a reader sees
        try (PDDocument pdf = Loader.loadPDF(document(Tokens.regionAnalyst(), id, "pdf", "application/pdf"))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Обращения жителей: Воронеж, 10.03.2025 – 16.03.2025")
                    .contains("Сообщений за период " + total)
                    .contains("Пушкинская, 5: отопления нет второй день")
                    .contains("test-model-1")
                    .contains("Методика", "Сроки ответа", "Сравнение с другими источниками");
            for (Map<String, Object> g : topics.<Map<String, Object>>getList("groups")) {
                assertThat(text).contains(g.get("label") + " " + g.get("count") + " " + percent((Float) g.get("share")));
            }
            JsonPath methodology = analytics("methodology", "voronezh");
            assertThat(text).contains("Доля требующих проверки " + percent(methodology.getFloat("needsReviewShare")));
        }

        // XLSX: numbers are numeric cells
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(document(Tokens.regionAnalyst(), id, "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))) {
            assertThat(wb.getSheet("Сводка").getRow(4).getCell(1).getNumericCellValue()).isEqualTo(total);
            Map<String, Long> sheetCounts = new HashMap<>();
            Sheet sheet = wb.getSheet("Темы");
            for (int i = 1; i < sheet.getLastRowNum(); i++) {
                Row r = sheet.getRow(i);
                sheetCounts.put(r.getCell(0).getStringCellValue(), (long) r.getCell(2).getNumericCellValue());
            }
            assertThat(sheetCounts).isEqualTo(counts);
            JsonPath daily = analytics("timeseries", "voronezh");
            Sheet dynamics = wb.getSheet("Динамика");
            List<Long> apiDaily = dailyTotals(daily);
            for (int day = 0; day < 7; day++) {
                Row r = dynamics.getRow(day + 1);
                assertThat((long) r.getCell(r.getLastCellNum() - 1).getNumericCellValue()).as("day %d", day).isEqualTo(apiDaily.get(day));
            }
            Sheet districts = wb.getSheet("Районы");
            JsonPath central = given().auth().oauth2(Tokens.regionAnalyst())
                    .queryParams("from", FROM, "to", TO, "municipality", "voronezh", "district", "tsentralny")
                    .get("/api/v1/analytics/topics").then().statusCode(200).extract().jsonPath();
            int column = columnOf(districts.getRow(0), "ЖКХ");
            Row centralRow = rowOf(districts, "Центральный район");
            assertThat((long) centralRow.getCell(column).getNumericCellValue()).isEqualTo(groupCounts(central).get("housing-utilities"));
            assertThat(wb.getSheet("Инциденты").getRow(1).getCell(0).getStringCellValue()).isEqualTo("ЖКХ, Центральный район");
            JsonPath comparison = given().auth().oauth2(Tokens.regionAnalyst())
                    .queryParams("from", FROM, "to", TO, "municipality", "voronezh", "sources", "civicpulse," + EXTERNAL)
                    .get("/api/v1/analytics/comparison").then().statusCode(200).extract().jsonPath();
            Row comparedHousing = rowOf(wb.getSheet("Сравнение"), "ЖКХ");
            assertThat(wb.getSheet("Сравнение").getRow(0).getCell(3).getStringCellValue()).isEqualTo(EXTERNAL);
            assertThat((long) comparedHousing.getCell(1).getNumericCellValue()).isEqualTo(20L);
            assertThat((long) comparedHousing.getCell(3).getNumericCellValue())
                    .isEqualTo(comparison.getLong("groups.find { it.group == 'housing-utilities' }.counts[1]"));
            JsonPath responses = analytics("responses", "voronezh");
            Row overall = rowOf(wb.getSheet("Сроки ответа"), "Всего");
            assertThat((long) overall.getCell(2).getNumericCellValue()).isEqualTo(responses.getLong("overall.answered"));
            assertThat(overall.getCell(4).getNumericCellValue()).isCloseTo(responses.getDouble("overall.medianHours"),
                    org.assertj.core.data.Offset.offset(1e-9));
        }

        // CSV: UTF-8 with BOM, ';', the topic table first
        byte[] csvBytes = document(Tokens.regionAnalyst(), id, "csv", "text/csv");
        assertThat(csvBytes).startsWith(0xEF, 0xBB, 0xBF);
        List<List<String>> csv = ReportCsv.parse(new String(csvBytes, StandardCharsets.UTF_8).substring(1));
        assertThat(csv.get(0)).containsExactly("Темы");
        assertThat(csv.get(1)).startsWith("Код", "Тема", "Сообщений");
        Map<String, Long> csvCounts = new HashMap<>();
        for (List<String> row : csv.subList(2, 2 + counts.size())) {
            csvCounts.put(row.get(0), Long.parseLong(row.get(2)));
        }
        assertThat(csvCounts).isEqualTo(counts);
        assertThat(csv).anySatisfy(row -> assertThat(row).containsExactly("Сообщений за период", Long.toString(total)));

        // HTML: self-contained, the same topic table
        byte[] html = document(Tokens.regionAnalyst(), id, "html", "text/html");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(html));
        NodeList images = doc.getElementsByTagName("img");
        assertThat(images.getLength()).isEqualTo(2);
        for (int i = 0; i < images.getLength(); i++) {
            assertThat(((Element) images.item(i)).getAttribute("src")).startsWith("data:image/png;base64,");
        }
        Map<String, Long> htmlCounts = new LinkedHashMap<>();
        NodeList tables = doc.getElementsByTagName("table");
        for (int t = 0; t < tables.getLength(); t++) {
            Element table = (Element) tables.item(t);
            if ("topics".equals(table.getAttribute("class"))) {
                NodeList rows = table.getElementsByTagName("tr");
                for (int r = 1; r < rows.getLength() - 1; r++) {
                    NodeList cells = ((Element) rows.item(r)).getElementsByTagName("td");
                    htmlCounts.put(cells.item(0).getTextContent(), Long.parseLong(cells.item(1).getTextContent()));
                }
            }
        }
        Map<String, Long> labelCounts = new LinkedHashMap<>();
        topics.<Map<String, Object>>getList("groups").forEach(g -> labelCounts.put((String) g.get("label"), ((Number) g.get("count")).longValue()));
        assertThat(htmlCounts).isEqualTo(labelCounts);
    }

    @Test
    void finishedReportIsAnnouncedOnTheTopic() {
        String id = order(Tokens.regionAdmin(), "novovoronezh");
        awaitDone(Tokens.regionAdmin(), id);
        ReportPublished event = awaitPublished(Set.of(UUID.fromString(id))).get(0);
        assertThat(event.municipality()).isEqualTo("novovoronezh");
        assertThat(event.periodFrom()).isEqualTo(Instant.parse("2025-03-09T21:00:00Z"));
        assertThat(event.periodTo()).isEqualTo(Instant.parse("2025-03-16T21:00:00Z"));
        assertThat(event.formats()).containsExactly("pdf", "html", "xlsx", "csv");
        assertThat(event.eventType()).isEqualTo(ReportPublished.TYPE);
    }

    @Test
    void weeklyScheduleReportsLastWeekForEachMunicipalityOnce() {
        // Monday 07:00 Moscow, when the schedule fires: last week is 2025-03-10 .. 2025-03-17
        var firing = LocalDateTime.of(2025, 3, 17, 7, 0).atZone(ReportFormat.ZONE);
        List<Report> queued = reports.enqueueWeekly(firing);
        assertThat(queued).extracting(Report::municipality).containsExactlyInAnyOrder("voronezh", "novovoronezh");
        assertThat(queued).allSatisfy(r -> {
            assertThat(r.from()).isEqualTo(Instant.parse("2025-03-09T21:00:00Z"));
            assertThat(r.to()).isEqualTo(Instant.parse("2025-03-16T21:00:00Z"));
            assertThat(r.trigger()).isEqualTo(Report.Trigger.WEEKLY);
        });
        assertThat(reports.enqueueWeekly(firing.plusMinutes(1))).as("a second firing the same week").isEmpty();

        Set<UUID> ids = Set.of(queued.get(0).id(), queued.get(1).id());
        ids.forEach(id -> awaitDone(Tokens.regionAnalyst(), id.toString()));
        assertThat(awaitPublished(ids)).extracting(ReportPublished::reportId).containsExactlyInAnyOrderElementsOf(ids);
        JsonPath list = given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/reports").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items.trigger", String.class)).contains("WEEKLY");
    }

    @Test
    void cityOfficialsSeeOnlyTheirMunicipality() {
        String id = order(Tokens.regionAnalyst(), "voronezh");
        awaitDone(Tokens.regionAnalyst(), id);
        String other = Tokens.cityOfficial("novovoronezh");
        given().auth().oauth2(other).get("/api/v1/reports/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(other).queryParam("format", "pdf").get("/api/v1/reports/" + id + "/document").then().statusCode(404);
        List<String> visible = given().auth().oauth2(other).get("/api/v1/reports").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
        assertThat(visible).doesNotContain(id);
        assertThat(given().auth().oauth2(other).get("/api/v1/reports").then().extract().jsonPath()
                .getList("items.municipality", String.class)).allMatch("novovoronezh"::equals);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(body(FROM, TO, "voronezh"))
                .post("/api/v1/reports").then().statusCode(403).contentType("application/problem+json");

        String own = Tokens.cityOfficial("voronezh");
        given().auth().oauth2(own).get("/api/v1/reports/" + id).then().statusCode(200);
        assertThat(given().auth().oauth2(own).get("/api/v1/reports").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class)).contains(id);
        String mine = order(own, "voronezh");
        assertThat(mine).isNotBlank();
    }

    @Test
    void badRequestsAreProblems() {
        String analyst = Tokens.regionAnalyst();
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(body(TO, FROM, "voronezh"))
                .post("/api/v1/reports").then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field", String.class).contains("to");
        assertThat(given().auth().oauth2(analyst).contentType(ContentType.JSON).body(body("вчера", TO, "atlantis"))
                .post("/api/v1/reports").then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field", String.class)).containsExactlyInAnyOrder("from", "municipality");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body("{\"from\": ")
                .post("/api/v1/reports").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(body("2025-01-01", "2025-12-31", "voronezh"))
                .post("/api/v1/reports").then().statusCode(422);
        String id = order(analyst, "voronezh");
        given().auth().oauth2(analyst).queryParam("format", "docx").get("/api/v1/reports/" + id + "/document")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(analyst).get("/api/v1/reports/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(analyst).get("/api/v1/reports/not-a-uuid").then().statusCode(404);
        given().get("/api/v1/reports").then().statusCode(401);
        given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/reports").then().statusCode(403);
    }

    // --- helpers ---

    private static String body(String from, String to, String municipality) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"municipality\":\"" + municipality + "\"}";
    }

    private static String order(String token, String municipality) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body(FROM, TO, municipality))
                .post("/api/v1/reports").then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/reports/"))
                .extract().jsonPath().getString("id");
    }

    private static JsonPath awaitDone(String token, String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/reports/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(last[0].getString("status")).isEqualTo("DONE");
        });
        return last[0];
    }

    private static byte[] document(String token, String id, String format, String contentType) {
        return given().auth().oauth2(token).queryParam("format", format).get("/api/v1/reports/" + id + "/document")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith(contentType))
                .extract().asByteArray();
    }

    private static JsonPath topics(String municipality) {
        return analytics("topics", municipality);
    }

    private static JsonPath analytics(String what, String municipality) {
        return given().auth().oauth2(Tokens.regionAnalyst())
                .queryParams("from", FROM, "to", TO, "municipality", municipality)
                .get("/api/v1/analytics/" + what).then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Long> groupCounts(JsonPath topics) {
        Map<String, Long> counts = new HashMap<>();
        topics.<Map<String, Object>>getList("groups").forEach(g -> counts.put((String) g.get("group"), ((Number) g.get("count")).longValue()));
        return counts;
    }

    private static List<Long> dailyTotals(JsonPath daily) {
        int days = daily.getList("buckets").size();
        List<Long> totals = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            long sum = 0;
            for (Map<String, Object> s : daily.<Map<String, Object>>getList("series")) {
                sum += ((Number) ((List<?>) s.get("counts")).get(d)).longValue();
            }
            totals.add(sum);
        }
        return totals;
    }

    /** "51,7 %": a share as the report prints it. */
    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f", fraction * 100).replace('.', ',') + " %";
    }

    private static int columnOf(Row header, String title) {
        for (int i = 0; i < header.getLastCellNum(); i++) {
            if (title.equals(header.getCell(i).getStringCellValue())) {
                return i;
            }
        }
        throw new AssertionError("no column " + title);
    }

    private static Row rowOf(Sheet sheet, String first) {
        for (Row r : sheet) {
            if (r.getCell(0) != null && first.equals(r.getCell(0).getStringCellValue())) {
                return r;
            }
        }
        throw new AssertionError("no row " + first);
    }

    private static List<ReportPublished> awaitPublished(Set<UUID> ids) {
        List<ReportPublished> found = new ArrayList<>();
        try (ConsumerTask<String, String> consumer = TestKafka.follow(Topics.REPORTS_PUBLISHED)) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                found.clear();
                for (ConsumerRecord<String, String> r : consumer.getRecords()) {
                    ReportPublished e = EventJson.mapper().readValue(r.value(), ReportPublished.class);
                    if (ids.contains(e.reportId())) {
                        assertThat(r.key()).isEqualTo(e.reportId().toString());
                        found.add(e);
                    }
                }
                assertThat(found).extracting(ReportPublished::reportId).containsAll(ids);
            });
        }
        return found;
    }
}
