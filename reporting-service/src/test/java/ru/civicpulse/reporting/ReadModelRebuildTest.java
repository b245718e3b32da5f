package ru.civicpulse.reporting;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.contracts.UrgencyLevel;
import ru.civicpulse.reporting.readmodel.ReadModelRepository;
import ru.civicpulse.reporting.readmodel.RebuildRepository;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestKafka;
import ru.civicpulse.testsupport.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read model rebuilt from the classified topic holds the same rows as the one built live (every
 * derived table, compared row by row), answers the same, and the rebuild reports its counts.
 */
@QuarkusTest
class ReadModelRebuildTest {
    private static final String TOWN = "novovoronezh";
    private static final String OTHER_TOWN = "rebuild-town";
    private static final String PERIOD = "from=2018-03-01&to=2018-04-01&municipality=" + TOWN;
    private static final String REBUILDS = "/api/v1/read-model/rebuilds";

    @Inject
    RebuildRepository jobs;

    @Inject
    ReadModelRepository repository;

    @Test
    void aRebuildGivesBackTheSameReadModelAndCountsTheTopic() throws Exception {
        Events revised = Events.message().municipality(TOWN).group("roads").author("a-1").at("2018-03-05T07:00:00Z");
        MessageClassified first = revised.build();
        MessageClassified second = revised.revision(2).group("waste").build();
        Events answered = Events.message().municipality(TOWN).group("roads").author("a-2").district("leninsky")
                .at("2018-03-06T07:00:00Z");
        MessageClassified reply = Events.message().municipality(TOWN).replyTo(answered.id()).at("2018-03-06T10:00:00Z").build();
        MessageClassified other = Events.message().municipality(TOWN).group("roads").author("a-1")
                .executor("МКП «Дорожник»").at("2018-03-20T07:00:00Z").build();
        List<MessageClassified> events = new ArrayList<>(List.of(first, answered.build(), second, reply, other));
        events.addAll(varied(400));
        Broker.publish(events);
        // dead-lettered by the live consumer; the rebuild counts and skips it
        Broker.publishRaw(UUID.randomUUID().toString(), "{not json");
        Broker.awaitConsumed();
        await().atMost(Duration.ofSeconds(30)).until(() -> analytics("topics").getLong("total") == 3
                && analytics("responses").getLong("overall.answered") == 1);
        Map<String, Object> topics = analytics("topics").getMap("$");
        Map<String, Object> responses = responses();
        Map<String, List<String>> built = derivedRows();
        assertThat(built.get("rollup_daily")).hasSizeGreaterThan(100);
        assertThat(built.get("author_sets")).isNotEmpty();
        assertThat(built.get("response_monthly")).isNotEmpty();
        long published = TestKafka.recordCount(Topics.MESSAGES_CLASSIFIED);

        // only a region admin may rebuild or follow a rebuild
        given().auth().oauth2(Tokens.regionAnalyst()).post(REBUILDS).then().statusCode(403);
        given().auth().oauth2(Tokens.regionAnalyst()).get(REBUILDS + "/" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(Tokens.regionAdmin()).get(REBUILDS + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");

        // while one is queued, another is refused
        UUID queued = jobs.create("someone-else").orElseThrow();
        given().auth().oauth2(Tokens.regionAdmin()).post(REBUILDS).then().statusCode(409)
                .contentType("application/problem+json");
        jobs.failed(queued, "given up by the test");

        Response started = given().auth().oauth2(Tokens.regionAdmin()).post(REBUILDS);
        started.then().statusCode(202);
        String location = started.header("Location");
        assertThat(location).endsWith(REBUILDS + "/" + started.jsonPath().getString("id"));
        assertThat(started.jsonPath().getString("status")).isIn("QUEUED", "RUNNING", "DONE");

        await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("QUEUED", "RUNNING").contains(job(location).getString("status")));
        JsonPath done = job(location);
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("DONE");
        assertThat(done.getLong("eventsRead")).isEqualTo(published);
        assertThat(done.getLong("endOffsets")).isGreaterThanOrEqualTo(published);
        assertThat(done.getLong("unreadable")).isGreaterThanOrEqualTo(1);
        assertThat(done.getLong("eventsApplied")).isPositive().isLessThanOrEqualTo(published - done.getLong("unreadable"));
        assertThat(done.getDouble("progress")).isEqualTo(1.0);
        assertThat(done.getString("requestedBy")).isNotBlank();
        assertThat(done.getString("startedAt")).isNotNull();
        assertThat(done.getString("finishedAt")).isNotNull();

        // the same rows and answers as the read model built live, the newest revision and the source's executor kept
        Map<String, List<String>> rebuilt = derivedRows();
        built.forEach((table, rows) -> assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(rows));
        assertThat(analytics("topics").getMap("$")).isEqualTo(topics);
        assertThat(responses()).isEqualTo(responses);
        assertThat(TestDatabase.rows("select revision, grp from messages where message_id = ?", first.messageId()).get(0))
                .containsEntry("revision", 2).containsEntry("grp", "waste");
        assertThat(TestDatabase.count("select count(*) from source_executors where message_id = ?", other.messageId())).isEqualTo(1);

        // applying is idempotent per revision: the live consumer delivering these again changes nothing
        ReadModelRepository.Outcome again = QuarkusTransaction.requiringNew().call(() -> {
            ReadModelRepository.Batch batch = repository.newBatch();
            ReadModelRepository.Outcome outcome = repository.apply(events, batch);
            repository.flush(batch);
            return outcome;
        });
        assertThat(again.applied()).isZero();
        assertThat(again.stale()).isEqualTo(events.size());
        assertThat(analytics("topics").getMap("$")).isEqualTo(topics);
        assertThat(responses()).isEqualTo(responses);
    }

    /**
     * Messages of another town over two months, a spread of everything the derived tables sum: revisions
     * that move a message to another group, district or tone; official replies; imports without an
     * author; emergencies; two model versions; review flags.
     */
    private static List<MessageClassified> varied(int count) {
        Random random = new Random(20261207);
        String[] groups = {"roads", "waste", "healthcare", "housing-utilities"};
        String[] districts = {"leninsky", "sovetsky", null};
        Instant base = Instant.parse("2018-05-01T00:00:00Z");
        List<Events> messages = new ArrayList<>();
        List<MessageClassified> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            if (kind < 2 && !messages.isEmpty()) {
                Events earlier = messages.get(random.nextInt(messages.size()));
                out.add(earlier.revision(i + 2).group(groups[random.nextInt(groups.length)])
                        .district(districts[random.nextInt(districts.length)])
                        .tone(SentimentLabel.values()[random.nextInt(3)]).build());
            } else if (kind == 2 && !messages.isEmpty()) {
                UUID answered = messages.get(random.nextInt(messages.size())).id();
                out.add(Events.message().municipality(OTHER_TOWN).author("ar_official").replyTo(answered)
                        .at(base.plusSeconds(random.nextInt(60 * 24 * 3600))).build());
            } else {
                Events message = Events.message().municipality(OTHER_TOWN).group(groups[random.nextInt(groups.length)])
                        .district(districts[random.nextInt(districts.length)])
                        .author(kind == 3 ? null : "a-" + random.nextInt(40))
                        .urgency(kind == 4 ? UrgencyLevel.EMERGENCY : UrgencyLevel.NONE)
                        .model(random.nextBoolean() ? "m-1" : "m-2").needsReview(random.nextInt(4) == 0)
                        .confidence(0.3 + random.nextInt(700) / 1000.0)
                        .at(base.plusSeconds(random.nextInt(60 * 24 * 3600)));
                messages.add(message);
                out.add(message.build());
            }
        }
        return out;
    }

    /** Every table derived from the facts, of the two towns, as sorted text rows; author ids shown as the authors' references. */
    private static Map<String, List<String>> derivedRows() {
        String towns = " municipality in ('" + TOWN + "', '" + OTHER_TOWN + "')";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("messages", "select message_id, revision, grp, district, tone, first_reply_at from messages where" + towns);
        queries.put("rollup_daily", "select * from rollup_daily where" + towns);
        queries.put("rollup_periods", "select * from rollup_periods where" + towns);
        queries.put("model_rollup", "select * from model_rollup where" + towns);
        queries.put("author_daily", "select d.day, d.municipality, d.district, d.grp, d.source, a.author_ref, d.messages"
                + " from author_daily d join authors a on a.id = d.author_id where d." + towns.trim());
        queries.put("author_sets", "select s.period, s.period_start, s.municipality, s.district, s.grp, s.source,"
                + " array_agg(a.author_ref order by a.author_ref)::text authors"
                + " from author_sets s cross join unnest(s.authors) x join authors a on a.id = x where s." + towns.trim()
                + " group by 1, 2, 3, 4, 5, 6");
        queries.put("response_daily", "select day, municipality, district, grp, source, messages, waits::text,"
                + " open_emergency::text, open_other::text from response_daily where" + towns);
        queries.put("response_monthly", "select month, municipality, district, grp, source, messages, unanswered, waits::text"
                + " from response_monthly where" + towns);
        Map<String, List<String>> out = new LinkedHashMap<>();
        queries.forEach((table, sql) -> out.put(table, TestDatabase.rows(sql).stream()
                .map(row -> new TreeMap<>(row).toString()).sorted().toList()));
        return out;
    }

    /** The response-time answer without the hours overdue, which grow with the clock between two calls. */
    private static Map<String, Object> responses() {
        Map<String, Object> answer = analytics("responses").getMap("$");
        for (Object overdue : (List<?>) answer.get("overdue")) {
            ((Map<?, ?>) overdue).remove("hoursOverdue");
        }
        return answer;
    }

    private static JsonPath analytics(String endpoint) {
        return given().auth().oauth2(Tokens.regionAnalyst()).get("/api/v1/analytics/" + endpoint + "?" + PERIOD)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath job(String location) {
        return given().auth().oauth2(Tokens.regionAdmin()).get(location).then().statusCode(200).extract().jsonPath();
    }
}
