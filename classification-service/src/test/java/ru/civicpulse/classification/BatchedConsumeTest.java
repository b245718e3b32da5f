package ru.civicpulse.classification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classification.messaging.IngestedConsumer;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A poll batch is stored with a few statements for all its records; the result must be the one of records taken one by one. */
@QuarkusTest
class BatchedConsumeTest {

    @Inject
    IngestedConsumer consumer;

    @Inject
    AgroalDataSource dataSource;

    /** A message's result: which revision, its group, and its incident by the order incidents first appear. */
    record Result(int message, int revision, String group, int incident) {
    }

    /** An incident's time span, relative to the start of its scenario. */
    record Span(int incident, Duration firstSeen, Duration lastSeen) {
    }

    record Outcome(List<Result> results, List<Integer> latestRevisions, List<Span> incidents, int processedEvents) {
    }

    @Test
    void aBatchWithDuplicatesEndsAsIfItsRecordsCameOneByOne() throws Exception {
        // Two periods further apart than the incident window, so the two runs never share an incident.
        Instant batchStart = Instant.parse("2023-03-01T10:00:00Z");
        Instant singleStart = batchStart.plus(Duration.ofDays(30));
        List<MessageIngested> batch = scenario(batchStart);
        List<MessageIngested> single = scenario(singleStart);

        consumer.consume(records(batch));
        for (MessageIngested m : single) {
            consumer.consume(records(List.of(m)));
        }

        Outcome together = outcome(batch, batchStart);
        Outcome oneByOne = outcome(single, singleStart);
        assertThat(together).isEqualTo(oneByOne);

        // and that outcome is the expected one
        List<Result> results = oneByOne.results();
        assertThat(results).filteredOn(r -> r.message() == 0).as("an event delivered twice").hasSize(1);
        assertThat(results).filteredOn(r -> r.message() == 1).as("revisions 1 then 2: both, in one incident")
                .extracting(Result::revision).containsExactly(1, 2);
        assertThat(results).filteredOn(r -> r.message() == 1).extracting(Result::incident).containsOnly(incidentOf(results, 1));
        assertThat(results).filteredOn(r -> r.message() == 2).as("revision 2 then the older 1: only 2")
                .extracting(Result::revision).containsExactly(2);
        assertThat(incidentOf(results, 4)).as("near-duplicates of one problem").isEqualTo(incidentOf(results, 3));
        assertThat(results).hasSize(6);
        assertThat(oneByOne.latestRevisions()).containsExactly(1, 2, 2, 1, 1);
        assertThat(oneByOne.processedEvents()).as("eight records, seven event ids").isEqualTo(7);
    }

    /** The records of a scenario, in order; messages are numbered by their first record. */
    private static List<MessageIngested> scenario(Instant start) {
        MessageIngested garbage = Events.message("Во дворе на улице Ленина 12 третий день не вывозят мусор, контейнеры переполнены", start);
        MessageIngested lights = Events.message("На остановке Памятник Славы не горит свет, вечером ничего не видно", start.plusSeconds(60));
        MessageIngested pit = Events.message("Огромная яма на дороге по улице Плехановской у дома 10, машины объезжают по встречной",
                start.plusSeconds(120));
        MessageIngested water = Events.message(
                "В доме на улице Хользунова 40 нет горячей воды уже третий день, управляющая компания молчит", start.plusSeconds(3600));
        MessageIngested sameWater = Events.message(
                "В доме на улице Хользунова 40 нет горячей воды уже третий день, управляющая компания не отвечает",
                start.plusSeconds(7200));
        return List.of(
                garbage, garbage,                       // message 0: the same event twice
                lights, revision(lights, 2),            // message 1: a revision and its successor
                revision(pit, 2), revision(pit, 1),     // message 2: a revision, then an older one
                water, sameWater);                      // messages 3 and 4: one problem
    }

    /** The message as another revision, with its own event id. */
    private static MessageIngested revision(MessageIngested m, int revision) {
        return new MessageIngested(UUID.randomUUID(), m.eventType(), m.schemaVersion(), m.occurredAt(), m.messageId(), revision,
                m.source(), m.sourceMessageId(), m.channelId(), m.url(), m.kind(), m.inReplyTo(), m.authorRef(), m.text(),
                m.publishedAt(), m.receivedAt(), m.municipality(), m.geo(), m.address(), m.attachments(), m.sourceExecutor());
    }

    private static ConsumerRecords<String, String> records(List<MessageIngested> messages) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (MessageIngested m : messages) {
            records.add(new ConsumerRecord<>(Topics.MESSAGES_INGESTED, 0, records.size(), m.messageId().toString(), Events.json(m)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.MESSAGES_INGESTED, 0), records), Map.of());
    }

    private static int incidentOf(List<Result> results, int message) {
        return results.stream().filter(r -> r.message() == message).findFirst().orElseThrow().incident();
    }

    /** What the records left in the database, with message ids and incident keys replaced by their numbers. */
    private Outcome outcome(List<MessageIngested> records, Instant start) throws Exception {
        List<UUID> messageIds = records.stream().map(MessageIngested::messageId).distinct().toList();
        try (Connection c = dataSource.getConnection()) {
            record Row(int message, int revision, String group, String incidentKey) {
            }
            List<Row> rows = new ArrayList<>(new Sql("select message_id, revision, topic_group, incident_key from classifications "
                    + "where message_id = any(?::uuid[])", messageIds)
                    .list(c, rs -> new Row(messageIds.indexOf(rs.getObject("message_id", UUID.class)), rs.getInt("revision"),
                            rs.getString("topic_group"), rs.getString("incident_key"))));
            rows.sort(java.util.Comparator.comparing(Row::message).thenComparing(Row::revision));
            Map<String, Integer> incidents = new LinkedHashMap<>();
            List<Result> results = rows.stream().map(r -> new Result(r.message(), r.revision(), r.group(),
                    incidents.computeIfAbsent(r.incidentKey(), k -> incidents.size()))).toList();
            List<Span> spans = new ArrayList<>(new Sql("select incident_key, first_seen, last_seen from incidents where incident_key = any(?)",
                    incidents.keySet())
                    .list(c, rs -> new Span(incidents.get(rs.getString("incident_key")),
                            Duration.between(start, Sql.instant(rs, "first_seen")), Duration.between(start, Sql.instant(rs, "last_seen")))));
            spans.sort(java.util.Comparator.comparing(Span::incident));
            Map<UUID, Integer> latest = new LinkedHashMap<>();
            new Sql("select message_id, revision from messages where message_id = any(?::uuid[])", messageIds)
                    .list(c, rs -> latest.put(rs.getObject("message_id", UUID.class), rs.getInt("revision")));
            int processed = new Sql("select count(*) as n from processed_events where event_id = any(?::uuid[])",
                    records.stream().map(MessageIngested::eventId).toList()).one(c, rs -> rs.getInt("n"));
            return new Outcome(results, messageIds.stream().map(latest::get).toList(), spans, processed);
        }
    }
}
