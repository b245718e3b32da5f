package ru.civicpulse.reporting.report;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestDatabase;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live-broadcast briefs over a known week, read back the way a department head reads them: the
 * HTML's pages and lists, the PDF's text. Uses the week of 2024-09-02, which no other test uses.
 */
@QuarkusTest
class BriefsApiTest {
    static final String FROM = "2024-09-02";
    static final String TO = "2024-09-09";
    static final String HOT_WATER = "housing-utilities/hot-water";
    static final String INCIDENT = "brief-test-hot-water-levoberezhny";
    static final String PHONE = "8 (903) 555-12-34";
    static final String EMAIL = "zhitel.brief@example.ru";
    static final String DECISION = "Подачу горячей воды восстановят до 15 сентября";
    static final UUID EXECUTOR = UUID.fromString("7d1f3c4e-0b7a-4c55-9a43-5e2f6b0c1a01");
    static final String AUTHOR = "ar_brief_author_";

    private static boolean loaded;


    @BeforeEach
    void loadWeek() throws Exception {
        if (loaded) {
            return;
        }
        List<MessageClassified> data = new ArrayList<>();
        List<UUID> potholes = new ArrayList<>();
        int n = 0;
        // hot water: one question asked three ways, two others, statements (one with a phone, one with an e-mail)
        for (String text : List.of("Когда дадут горячую воду?", "Когда же дадут горячую воду на Левом берегу?",
                "когда дадут горячую воду", "Почему горячей воды нет уже неделю",
                "Будет ли перерасчёт за горячую воду", "Нет горячей воды в доме, звоните " + PHONE,
                "Горячей воды нет третий день, пишите " + EMAIL, "Нет горячей воды в доме на Ленинском проспекте")) {
            data.add(Events.message().municipality("voronezh").district("levoberezhny").group("housing-utilities")
                    .topic(HOT_WATER).incident(INCIDENT).author(AUTHOR + (n++)).text(text)
                    .at(moscow(2024, 9, 3 + n % 4, 10)).build());
        }
        // potholes in another district, a question among them
        for (String text : List.of("Когда засыплют яму у остановки?", "Яма на дороге у остановки, машины объезжают",
                "Яма у остановки стала больше")) {
            Events e = Events.message().municipality("voronezh").district("sovetsky").group("roads").topic("roads/potholes")
                    .author(AUTHOR + (n++)).text(text).at(moscow(2024, 9, 4, 12));
            potholes.add(e.id());
            data.add(e.build());
        }
        // another municipality's worry
        data.add(Events.message().municipality("novovoronezh").group("healthcare").topic("healthcare/doctor-appointments")
                .author(AUTHOR + (n++)).text("Почему не записаться к терапевту?").at(moscow(2024, 9, 4, 9)).build());
        Broker.publish(data);
        Broker.awaitConsumed();

        // the routing tables: the potholes are routed to the road department
        TestDatabase.execute("insert into executors (id, municipality, name, kind, created_at, updated_at)"
                + " values (?, 'voronezh', 'Управление дорожного хозяйства (тест)', 'DEPARTMENT', now(), now())", EXECUTOR);
        UUID rule = UUID.randomUUID();
        // retired at once: an active rule would route other test classes' arriving messages too
        TestDatabase.execute("insert into routing_rules (id, municipality, executor_id, grp, created_by, created_at, retired_at)"
                + " values (?, 'voronezh', ?, 'roads', 'test', now(), now())", rule, EXECUTOR);
        for (UUID id : potholes) {
            // whatever rules other test classes left active routed them to on arrival
            TestDatabase.execute("insert into message_routes (message_id, executor_id, rule_id, routed_at) values (?, ?, ?, now())"
                    + " on conflict (message_id) do update set executor_id = excluded.executor_id, rule_id = excluded.rule_id",
                    id, EXECUTOR, rule);
        }

        transition(INCIDENT, "IN_PROGRESS", "Передано в управляющую компанию");
        transition(INCIDENT, "DECISION_TAKEN", DECISION);
        loaded = true;
    }

    @Test
    void theBriefShowsTheResidentsQuestionsOnePagePerTopic() throws Exception {
        String analyst = user("brief-analyst-1");
        JsonPath done = awaitDone(analyst, order(analyst, Map.of("from", FROM, "to", TO, "municipality", "voronezh")));
        assertThat(done.getList("formats", String.class)).containsExactly("pdf", "html");
        assertThat(done.getString("documents.html")).endsWith("/document?format=html");

        String html = new String(document(analyst, done.getString("id"), "html", "text/html"), StandardCharsets.UTF_8);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        Map<String, Element> pages = topicPages(doc);
        assertThat(pages.keySet()).containsExactly("1. Горячее водоснабжение", "2. Ямы и состояние дорожного покрытия");
        assertThat(doc.getElementsByTagName("style").item(0).getTextContent()).contains("section.topic { page-break-before: always; }");

        Element hotWater = pages.get("1. Горячее водоснабжение");
        List<String> questions = items(hotWater, "questions");
        assertThat(questions).hasSize(3);
        assertThat(questions.get(0)).startsWith("Когда").contains("дадут горячую воду").endsWith("— 3 сообщ.");
        assertThat(questions.subList(1, 3)).containsExactlyInAnyOrder("Почему горячей воды нет уже неделю — 1 сообщ.",
                "Будет ли перерасчёт за горячую воду — 1 сообщ.");
        assertThat(String.join(" ", questions)).doesNotContain("Нет горячей воды");
        assertThat(hotWater.getTextContent()).contains("Вопросы жителей (5)").contains("Левобережный район")
                .contains(DECISION).contains("Принято решение").contains("Открытых инцидентов: 1")
                .contains("Вопросов без ответа: 5");

        // what ingestion would have masked is masked here too; authors are never named
        assertThat(html).doesNotContain("555-12-34").doesNotContain(EMAIL).doesNotContain(AUTHOR);
        assertThat(hotWater.getTextContent()).contains("[телефон скрыт]").contains("[e-mail скрыт]");

        try (PDDocument pdf = Loader.loadPDF(document(analyst, done.getString("id"), "pdf", "application/pdf"))) {
            String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            assertThat(text).contains("Прямой эфир: о чём спрашивают жители. Воронеж")
                    .contains("1. Горячее водоснабжение").contains("2. Ямы и состояние дорожного покрытия")
                    .contains(DECISION);
            assertThat(pdf.getNumberOfPages()).as("a cover and one page per topic").isEqualTo(3);
        }
    }

    @Test
    void groupAndExecutorLimitTheBrief() throws Exception {
        String analyst = user("brief-analyst-2");
        JsonPath roads = awaitDone(analyst, order(analyst, Map.of("from", FROM, "to", TO, "municipality", "voronezh",
                "group", "roads")));
        assertThat(roads.getString("group")).isEqualTo("roads");
        assertThat(topicPages(html(analyst, roads.getString("id"))).keySet()).containsExactly("1. Ямы и состояние дорожного покрытия");

        JsonPath routed = awaitDone(analyst, order(analyst, Map.of("from", FROM, "to", TO, "municipality", "voronezh",
                "executor", EXECUTOR.toString())));
        var doc = html(analyst, routed.getString("id"));
        Map<String, Element> pages = topicPages(doc);
        assertThat(pages.keySet()).containsExactly("1. Ямы и состояние дорожного покрытия");
        assertThat(items(pages.values().iterator().next(), "questions")).containsExactly("Когда засыплют яму у остановки? — 1 сообщ.");
        assertThat(doc.getDocumentElement().getTextContent()).contains("исполнитель: Управление дорожного хозяйства (тест)");
    }

    @Test
    void briefsAreScopedLikeReports() {
        String official = Tokens.token(TestIssuer.CITY, "brief-official", Set.of("city-official"), List.of("voronezh"));
        String id = order(official, Map.of("from", FROM, "to", TO, "municipality", "voronezh"));
        awaitDone(official, id);
        String other = Tokens.cityOfficial("novovoronezh");
        given().auth().oauth2(other).get("/api/v1/briefs/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(other).queryParam("format", "html").get("/api/v1/briefs/" + id + "/document").then().statusCode(404);
        assertThat(given().auth().oauth2(other).get("/api/v1/briefs").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).doesNotContain(id);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("from", FROM, "to", TO, "municipality", "voronezh"))
                .post("/api/v1/briefs").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/briefs").then().statusCode(403);
        // a brief is not a report, and the other way round
        given().auth().oauth2(official).get("/api/v1/reports/" + id).then().statusCode(404);
        assertThat(given().auth().oauth2(official).get("/api/v1/briefs").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).contains(id);
        assertThat(given().auth().oauth2(official).get("/api/v1/reports").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).doesNotContain(id);
        given().auth().oauth2(official).queryParam("format", "xlsx").get("/api/v1/briefs/" + id + "/document")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void badOrdersAreProblems() {
        String analyst = user("brief-analyst-3");
        assertThat(problemFields(analyst, Map.of("from", FROM, "to", "2025-09-09", "municipality", "voronezh")))
                .containsExactly("to");
        assertThat(problemFields(analyst, Map.of("from", FROM, "to", TO, "municipality", "voronezh", "group", "weather")))
                .containsExactly("group");
        assertThat(problemFields(analyst, Map.of("from", FROM, "to", TO, "municipality", "voronezh",
                "executor", UUID.randomUUID().toString()))).containsExactly("executor");
        assertThat(problemFields(analyst, Map.of("from", FROM, "to", TO, "municipality", "novovoronezh",
                "executor", EXECUTOR.toString()))).as("another municipality's executor").containsExactly("executor");
        assertThat(problemFields(analyst, Map.of("from", "вчера", "to", TO, "municipality", "atlantis", "executor", "x")))
                .containsExactlyInAnyOrder("from", "municipality", "executor");
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body("{\"from\": ")
                .post("/api/v1/briefs").then().statusCode(400).contentType("application/problem+json");
    }

    private static List<String> problemFields(String token, Map<String, String> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/briefs")
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath()
                .getList("errors.field", String.class);
    }

    /** The topic pages by their title, in order. */
    private static Map<String, Element> topicPages(org.w3c.dom.Document doc) {
        Map<String, Element> pages = new LinkedHashMap<>();
        NodeList sections = doc.getElementsByTagName("section");
        for (int i = 0; i < sections.getLength(); i++) {
            Element s = (Element) sections.item(i);
            if ("topic".equals(s.getAttribute("class"))) {
                pages.put(s.getElementsByTagName("h1").item(0).getTextContent().strip(), s);
            }
        }
        return pages;
    }

    private static List<String> items(Element page, String listClass) {
        List<String> out = new ArrayList<>();
        NodeList lists = page.getElementsByTagName("ol");
        for (int i = 0; i < lists.getLength(); i++) {
            Element list = (Element) lists.item(i);
            if (listClass.equals(list.getAttribute("class"))) {
                NodeList li = list.getElementsByTagName("li");
                for (int j = 0; j < li.getLength(); j++) {
                    out.add(li.item(j).getTextContent().replaceAll("\\s+", " ").strip());
                }
            }
        }
        return out;
    }

    private static org.w3c.dom.Document html(String token, String id) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(document(token, id, "html", "text/html")));
    }

    private static String user(String name) {
        return Tokens.token(TestIssuer.REGION, name, Set.of("region-analyst"), List.of());
    }

    private static String order(String token, Map<String, String> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/briefs")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/api/v1/briefs/"))
                .extract().jsonPath().getString("id");
    }

    private static JsonPath awaitDone(String token, String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = given().auth().oauth2(token).get("/api/v1/briefs/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(last[0].getString("status")).isEqualTo("DONE");
        });
        return last[0];
    }

    private static byte[] document(String token, String id, String format, String type) {
        Response r = given().auth().oauth2(token).queryParam("format", format).get("/api/v1/briefs/" + id + "/document");
        r.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith(type))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("brief-"));
        return r.asByteArray();
    }

    private static void transition(String key, String to, String comment) {
        given().auth().oauth2(Tokens.regionAnalyst()).contentType(ContentType.JSON).body(Map.of("to", to, "comment", comment))
                .post("/api/v1/incidents/" + key + "/transitions").then().statusCode(201);
    }

    static Instant moscow(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0).atZone(ZoneId.of("Europe/Moscow")).toInstant();
    }
}
