package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestIssuer;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestDatabase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static ru.civicpulse.reporting.AnalyticsTest.moscow;

/** Routing rules proposed from the executors the source systems named. */
@QuarkusTest
class RoutingProposalsTest {
    private static final String UPRAVA = "Управа Коминтерновского района";
    private static final UUID DIRECTORY_UPRAVA = UUID.randomUUID();
    private static final String PERIOD = "from=2017-02-01&to=2017-03-01";
    private static boolean loaded;


    @BeforeEach
    void load() throws SQLException {
        if (loaded) {
            return;
        }
        // the directory spells the name with other whitespace; Novovoronezh's executor of the same name is not Voronezh's
        TestDatabase.execute("insert into executors (id, municipality, name, kind, created_at, updated_at) "
                + "values (?, 'voronezh', 'Управа  Коминтерновского района', 'DISTRICT_ADMINISTRATION', now(), now())", DIRECTORY_UPRAVA);
        TestDatabase.execute("insert into executors (id, municipality, name, kind, created_at, updated_at) "
                + "values (?, 'novovoronezh', ?, 'DISTRICT_ADMINISTRATION', now(), now())", UUID.randomUUID(), UPRAVA);
        List<MessageClassified> data = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            data.add(waste(i).executor(UPRAVA).build());
        }
        data.add(waste(6).executor("управа КОМИНТЕРНОВСКОГО района").build());
        data.add(waste(7).executor("МБУ «Благоустройство»").build());
        data.add(waste(8).executor("МБУ «Благоустройство»").build());
        data.add(waste(9).build()); // names no executor: not counted
        Events reply = waste(10).executor("МБУ «Благоустройство»");
        data.add(reply.replyTo(data.get(0).messageId()).build()); // official replies are not routed
        data.add(waste(11).executor("МБУ «Благоустройство»").at(moscow(2017, 4, 2, 9)).build()); // outside the period
        // a message whose newer revision names no executor any more
        Events revised = waste(12).executor("ООО «Чистый город»");
        data.add(revised.build());
        data.add(revised.executor(null).revision(2).build());
        for (String executor : List.of("МКУ «Дорожная служба»", "МКУ «Дорожная служба»", "ООО «Дорстрой»", "ООО «Дорстрой»",
                "МБУ «Дорэксплуатация»")) {
            data.add(Events.message().municipality("voronezh").district("leninsky").group("roads").topic("roads/potholes")
                    .at(moscow(2017, 2, 20, 9)).executor(executor).build());
        }
        for (int i = 0; i < 3; i++) {
            data.add(Events.message().municipality("novovoronezh").group("housing-utilities")
                    .at(moscow(2017, 2, 3 + i, 9)).executor("МУП «Водоканал»").build());
        }
        Broker.publish(data);
        Broker.awaitConsumed();
        loaded = true;
    }

    private static Events waste(int i) {
        return Events.message().municipality("voronezh").district("kominternovsky").group("waste").topic("waste/waste-collection")
                .at(moscow(2017, 2, 2 + i, 10));
    }

    private static JsonPath proposals(String token, String query) {
        return given().auth().oauth2(token).get("/api/v1/routing/proposals?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theMostFrequentExecutorIsProposedPerGroupTopicAndDistrict() {
        JsonPath answer = proposals(Tokens.regionAdmin(), "municipality=voronezh&" + PERIOD);
        List<Map<String, Object>> all = answer.getList("proposals");
        assertThat(all).extracting(p -> p.get("group") + "|" + p.get("topic") + "|" + p.get("district") + "|" + p.get("count"))
                .containsExactly("waste|null|kominternovsky|7", "waste|waste/waste-collection|kominternovsky|7",
                        "roads|null|leninsky|2", "roads|roads/potholes|leninsky|2");

        Map<String, Object> waste = all.get(0);
        assertThat(waste).containsEntry("executorName", UPRAVA).containsEntry("executorId", DIRECTORY_UPRAVA.toString())
                .containsEntry("total", 9).containsEntry("share", 0.778f).containsEntry("weak", false)
                .containsEntry("districtLabel", "Коминтерновский район");
        Map<String, Object> rule = answer.getMap("proposals[0].rule");
        assertThat(rule).containsOnlyKeys("municipality", "group", "topic", "district", "executorId", "priority")
                .containsEntry("municipality", "voronezh").containsEntry("group", "waste").containsEntry("topic", null)
                .containsEntry("district", "kominternovsky").containsEntry("executorId", DIRECTORY_UPRAVA.toString())
                .containsEntry("priority", 0);
        assertThat(answer.getString("proposals[1].rule.topic")).isEqualTo("waste/waste-collection");

        // a tie goes to the first name in text order; too few messages and less than half of them make it weak
        Map<String, Object> roads = all.get(2);
        assertThat(roads).containsEntry("executorName", "МКУ «Дорожная служба»").containsEntry("executorId", null)
                .containsEntry("total", 5).containsEntry("share", 0.4f).containsEntry("weak", true);

        // fewer messages required: the waste proposal is still strong, the roads one still weak (its share is below one half)
        JsonPath lenient = proposals(Tokens.regionAnalyst(), "municipality=voronezh&minMessages=2&" + PERIOD);
        assertThat(lenient.getList("proposals.weak", Boolean.class)).containsExactly(false, false, true, true);
        JsonPath strict = proposals(Tokens.regionAnalyst(), "municipality=voronezh&minMessages=8&" + PERIOD);
        assertThat(strict.getList("proposals.weak", Boolean.class)).containsExactly(true, true, true, true);
    }

    @Test
    void aMunicipalityWithoutDistrictsGetsProposalsForTheWholeOfIt() {
        JsonPath answer = proposals(Tokens.regionAnalyst(), "municipality=novovoronezh&" + PERIOD);
        assertThat(answer.getList("proposals")).hasSize(1);
        assertThat(answer.getMap("proposals[0]")).containsEntry("group", "housing-utilities").containsEntry("district", null)
                .containsEntry("executorName", "МУП «Водоканал»").containsEntry("count", 3).containsEntry("share", 1.0f)
                .containsEntry("weak", true).containsEntry("executorId", null);
    }

    @Test
    void aCityOfficialSeesOnlyItsOwnMunicipality() {
        String official = Tokens.token(TestIssuer.CITY, "official.voronezh", Set.of("city-official"), List.of("voronezh"));
        assertThat(proposals(official, "municipality=voronezh&" + PERIOD).getList("proposals")).hasSize(4);
        given().auth().oauth2(official).get("/api/v1/routing/proposals?municipality=novovoronezh&" + PERIOD)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.ingestClient()).get("/api/v1/routing/proposals?municipality=voronezh")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/routing/proposals")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/routing/proposals?municipality=voronezh&minMessages=0")
                .then().statusCode(422);
    }
}
