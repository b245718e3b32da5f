package ru.civicpulse.classification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.Tokens;
import ru.civicpulse.testsupport.TestKafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class FeedbackTest {
    @Inject
    AgroalDataSource dataSource;

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void correctionsBecomeTrainingExamplesOnceEach() throws Exception {
        String dlq = Topics.deadLetter(Topics.CLASSIFICATION_FEEDBACK, "classification");
        String poisonKey = UUID.randomUUID().toString();
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, poisonKey, "{\"eventId\": broken");

        ClassificationFeedback sample = EventJson.mapper().readValue(Events.sample("classification-feedback.json"), ClassificationFeedback.class);
        String first = feedback(sample, UUID.randomUUID(), "На остановке не работает освещение, вечером темно");
        String second = feedback(sample, UUID.randomUUID(), "Во дворе не горят фонари уже неделю");
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, sample.messageId().toString(), first);
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, sample.messageId().toString(), first); // re-delivery
        // same key, same partition: once the second is stored, the re-delivery was handled
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, sample.messageId().toString(), second);

        var dead = await().atMost(WAIT).until(() -> TestKafka.readAll(dlq).stream().filter(r -> poisonKey.equals(r.key())).toList(),
                r -> !r.isEmpty());
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("{\"eventId\": broken");
            assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(Topics.CLASSIFICATION_FEEDBACK);
            assertThat(new String(r.headers().lastHeader("dead-letter-reason").value(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("ClassificationFeedback");
            assertThat(r.headers().lastHeader("dead-letter-offset")).isNotNull();
        });

        await().atMost(WAIT).until(() -> storedCorrections(first, second) == 2);

        // A model trained with feedback knows the corrected group although the CSV never names it.
        String version = ModelRegistryTest.train(TrainingData.csv(10), true);
        JsonPath models = given().auth().oauth2(Tokens.regionAdmin()).get("/api/v1/models").jsonPath();
        assertThat(models.getList("find { it.version == '" + version + "' }.info.groups", String.class))
                .containsExactly("alpha", "beta", sample.group());
        assertThat(models.getInt("find { it.version == '" + version + "' }.info.examples")).isEqualTo(20 + 2);
    }

    @Test
    void aCorrectedMessageIsPublishedAgainWithTheAnalystsTopic() throws Exception {
        var message = Events.message("Во дворе дома на Кольцовской яма, машины не проезжают", Instant.now().minusSeconds(3600));
        Events.publish(message);
        MessageClassified before = await().atMost(WAIT).until(() -> Events.classified(message.messageId()), r -> r.size() == 1).get(0);
        String group = before.topic().group().equals("ecology") ? "roads" : "ecology";
        ClassificationFeedback correction = new ClassificationFeedback(UUID.randomUUID(), ClassificationFeedback.TYPE,
                ClassificationFeedback.VERSION, Instant.now(), message.messageId(), message.text(), before.topic().group(),
                before.topic().topic(), group, null, before.modelVersion(), "analyst");
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, message.messageId().toString(), Events.json(correction));
        TestKafka.send(Topics.CLASSIFICATION_FEEDBACK, message.messageId().toString(), Events.json(correction)); // re-delivery

        MessageClassified after = await().atMost(WAIT).until(() -> Events.classified(message.messageId()), r -> r.size() == 2).get(1);
        assertThat(after.topic().group()).isEqualTo(group);
        assertThat(after.topic().topic()).isNull();
        assertThat(after.topic().confidence()).isEqualTo(1.0);
        assertThat(after.needsReview()).isFalse();
        assertThat(after.incidentKey()).isNull();
        assertThat(after.eventId()).isNotEqualTo(before.eventId());
        // it replaces the model's result downstream: same revision and model, classified later
        assertThat(after.revision()).isEqualTo(before.revision());
        assertThat(after.modelVersion()).isEqualTo(before.modelVersion());
        assertThat(after.classifiedAt()).isAfter(before.classifiedAt());
        assertThat(after.text()).isEqualTo(before.text());
        assertThat(after.municipality()).isEqualTo(before.municipality());

        // the re-delivery was stored once and published nothing more
        await().atMost(WAIT).until(() -> storedCorrections(Events.json(correction)) == 1);
        assertThat(Events.classified(message.messageId())).hasSize(2);
    }

    private long storedCorrections(String... events) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from feedback where event_id = any (?)")) {
            UUID[] ids = new UUID[events.length];
            for (int i = 0; i < events.length; i++) {
                ids[i] = UUID.fromString(EventJson.mapper().readTree(events[i]).get("eventId").asText());
            }
            ps.setArray(1, c.createArrayOf("uuid", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String feedback(ClassificationFeedback sample, UUID messageId, String text) throws Exception {
        ObjectNode node = EventJson.mapper().valueToTree(sample);
        node.put("eventId", UUID.randomUUID().toString());
        node.put("messageId", messageId.toString());
        node.put("text", text);
        return EventJson.mapper().writeValueAsString(node);
    }
}
