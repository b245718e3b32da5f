package ru.civicpulse.classification;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.testsupport.TestKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void sampleEventsAreClassifiedAndPublishedWithTheirFields() {
        MessageIngested vk = Events.freshSample("message-ingested.vk-comment.json");
        MessageIngested minimal = Events.freshSample("message-ingested.import-minimal.json");
        Events.publish(vk);
        Events.publish(minimal);

        MessageClassified result = await().atMost(WAIT).until(() -> Events.classified(vk.messageId()), r -> r.size() == 1).get(0);
        assertThat(result.eventType()).isEqualTo(MessageClassified.TYPE);
        assertThat(result.revision()).isEqualTo(vk.revision());
        assertThat(result.source()).isEqualTo(vk.source());
        assertThat(result.url()).isEqualTo(vk.url());
        assertThat(result.kind()).isEqualTo(vk.kind());
        assertThat(result.inReplyTo()).isEqualTo(vk.inReplyTo());
        assertThat(result.authorRef()).isEqualTo(vk.authorRef());
        assertThat(result.text()).isEqualTo(vk.text());
        assertThat(result.publishedAt()).isEqualTo(vk.publishedAt());
        assertThat(result.municipality()).isEqualTo("voronezh");
        assertThat(Taxonomy.isGroup(result.topic().group())).isTrue();
        assertThat(result.topic().confidence()).isBetween(0.0, 1.0);
        assertThat(result.alternatives()).hasSizeLessThanOrEqualTo(3);
        assertThat(result.sentiment()).isNotNull();
        assertThat(result.urgency()).isNotNull();
        assertThat(result.location().address()).isNotBlank();
        assertThat(result.incidentKey()).isNotBlank();
        assertThat(result.modelVersion()).isNotBlank();
        assertThat(result.classifiedAt()).isAfter(vk.receivedAt());

        MessageClassified other = await().atMost(WAIT).until(() -> Events.classified(minimal.messageId()), r -> r.size() == 1).get(0);
        assertThat(other.text()).isEqualTo(minimal.text());
        assertThat(other.source()).isEqualTo(minimal.source());
        assertThat(other.sourceExecutor()).isNull();
    }

    @Test
    void theSourceExecutorIsCopiedToTheClassifiedEvent() {
        MessageIngested routed = Events.freshSample("message-ingested.pos-executor.json");
        Events.publish(routed);
        MessageClassified result = await().atMost(WAIT).until(() -> Events.classified(routed.messageId()), r -> r.size() == 1).get(0);
        assertThat(result.sourceExecutor()).isEqualTo("Управа Коминтерновского района городского округа город Воронеж");
    }

    @Test
    void aRedeliveredEventGivesOneResult() {
        MessageIngested m = Events.message("Во дворе на Ленина 12 третий день не вывозят мусор, контейнеры переполнены", Instant.now());
        Events.publish(m);
        Events.publish(m);
        // the same message revision under a new event id is the same work too
        Events.publish(new MessageIngested(java.util.UUID.randomUUID(), m.eventType(), m.schemaVersion(), m.occurredAt(), m.messageId(),
                m.revision(), m.source(), m.sourceMessageId(), m.channelId(), m.url(), m.kind(), m.inReplyTo(), m.authorRef(),
                m.text(), m.publishedAt(), m.receivedAt(), m.municipality(), m.geo(), m.address(), m.attachments(), m.sourceExecutor()));
        // a later message on the same partition: once it is out, everything before it was handled
        MessageIngested marker = Events.message("Спасибо коммунальщикам за быстрый ремонт", Instant.now());
        TestKafka.send(Topics.MESSAGES_INGESTED, m.messageId().toString(), Events.json(marker));

        await().atMost(WAIT).until(() -> Events.classified(marker.messageId()), r -> r.size() == 1);
        List<MessageClassified> results = Events.classified(m.messageId());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).messageId()).isEqualTo(m.messageId());
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheNextMessageIsStillClassified() {
        String key = java.util.UUID.randomUUID().toString();
        String garbage = "{not json at all " + key;
        String missingText = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"messageId\":\"" + key + "\",\"municipality\":\"voronezh\"}";
        TestKafka.send(Topics.MESSAGES_INGESTED, key, garbage);
        TestKafka.send(Topics.MESSAGES_INGESTED, key, missingText);
        MessageIngested good = Events.message("На остановке Памятник Славы не горит свет", Instant.now());
        TestKafka.send(Topics.MESSAGES_INGESTED, key, Events.json(good));

        await().atMost(WAIT).until(() -> Events.classified(good.messageId()), r -> r.size() == 1);
        String dlq = Topics.deadLetter(Topics.MESSAGES_INGESTED, "classification");
        List<ConsumerRecord<String, String>> dead = await().atMost(WAIT)
                .until(() -> TestKafka.readAll(dlq).stream().filter(r -> key.equals(r.key())).toList(), r -> r.size() == 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(garbage, missingText);
        assertThat(new String(dead.get(1).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("text");
        // the headers SmallRye's dead-letter-queue strategy writes to the same topics, with the same meaning
        for (ConsumerRecord<String, String> d : dead) {
            assertThat(header(d, "dead-letter-exception-class-name")).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(header(d, "dead-letter-topic")).isEqualTo(Topics.MESSAGES_INGESTED);
            assertThat(header(d, "dead-letter-partition")).matches("\\d+");
            assertThat(header(d, "dead-letter-offset")).matches("\\d+");
            assertThat(d.headers().lastHeader("dead-letter-cause")).as("no cause, so no cause header").isNull();
        }
        assertThat(Long.parseLong(header(dead.get(1), "dead-letter-offset")))
                .isGreaterThan(Long.parseLong(header(dead.get(0), "dead-letter-offset")));
    }

    @Test
    void aBurstOfMessagesIsClassifiedExactlyOnceEach() {
        String[] texts = {
                "Нет горячей воды в доме на Лизюкова 2", "Яма на дороге по улице Плехановской", "Не вывозят мусор с площадки",
                "Автобус 5а не ходит по расписанию", "В поликлинике невозможно записаться к врачу", "Во дворе не горят фонари"};
        java.util.Map<String, String> burst = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            MessageIngested m = Events.message(texts[i % texts.length] + ", обращение " + i, Instant.now());
            burst.put(m.messageId().toString(), Events.json(m));
        }
        java.util.Set<String> ids = burst.keySet();
        long started = System.nanoTime();
        TestKafka.send(burst.entrySet().stream().map(e -> new ProducerRecord<>(Topics.MESSAGES_INGESTED, e.getKey(), e.getValue())).toList());
        List<ConsumerRecord<String, String>> out = await().atMost(Duration.ofSeconds(180)).until(
                () -> TestKafka.readAll(Topics.MESSAGES_CLASSIFIED).stream().filter(r -> ids.contains(r.key())).toList(),
                r -> r.size() >= ids.size());
        double seconds = (System.nanoTime() - started) / 1e9;
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        System.out.printf("Classified %d messages end to end in %.1f s (%.0f messages/s); mean analysis %.1f ms%n",
                ids.size(), seconds, ids.size() / seconds,
                1000 * metric(metrics, "civicpulse_classification_analysis_seconds_sum") / metric(metrics, "civicpulse_classification_analysis_seconds_count"));
        assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(ids.size());
    }

    private static double metric(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void similarReportsOfOneProblemShareAnIncidentKey() {
        Instant at = Instant.parse("2026-01-15T08:00:00Z");
        MessageIngested first = Events.message("В доме на улице Хользунова 40 нет горячей воды уже третий день, управляющая компания молчит", at);
        MessageIngested second = Events.message("В доме на улице Хользунова 40 нет горячей воды уже третий день, управляющая компания не отвечает", at.plusSeconds(3600));
        MessageIngested later = Events.message("В доме на улице Хользунова 40 нет горячей воды уже третий день, управляющая компания молчит", at.plus(Duration.ofDays(10)));
        Events.publish(first);
        Events.publish(second);
        Events.publish(later);
        MessageClassified a = await().atMost(WAIT).until(() -> Events.classified(first.messageId()), r -> r.size() == 1).get(0);
        MessageClassified b = await().atMost(WAIT).until(() -> Events.classified(second.messageId()), r -> r.size() == 1).get(0);
        MessageClassified c = await().atMost(WAIT).until(() -> Events.classified(later.messageId()), r -> r.size() == 1).get(0);
        assertThat(b.topic().group()).isEqualTo(a.topic().group());
        assertThat(b.incidentKey()).isEqualTo(a.incidentKey());
        assertThat(c.incidentKey()).as("outside the 72 h window").isNotEqualTo(a.incidentKey());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        assertThat(h).as(name).isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
