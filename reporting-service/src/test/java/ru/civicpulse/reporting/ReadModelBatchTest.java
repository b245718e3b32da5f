package ru.civicpulse.reporting;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.analytics.AnalyticsService;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;
import ru.civicpulse.reporting.readmodel.ClassifiedConsumer;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** One poll batch holding several versions of a message and replies on either side of what they answer. */
@QuarkusTest
class ReadModelBatchTest {
    private static final String TOWN = "batch-town";

    @Inject
    ClassifiedConsumer consumer;

    @Inject
    AnalyticsService analytics;

    @Inject
    MeterRegistry registry;

    @Test
    void aBatchKeepsTheNewestRevisionAndLinksRepliesOnEitherSideOfTheirMessage() throws Exception {
        Events message = Events.message().municipality(TOWN).group("roads").at("2019-05-10T06:00:00Z");
        MessageClassified first = message.build();
        MessageClassified revised = message.revision(2).group("waste").build();
        MessageClassified reply = Events.message().municipality(TOWN).replyTo(message.id()).at("2019-05-10T09:00:00Z").build();
        Events other = Events.message().municipality(TOWN).group("roads").at("2019-05-11T06:00:00Z");
        MessageClassified earlyReply = Events.message().municipality(TOWN).replyTo(other.id()).at("2019-05-11T08:00:00Z").build();
        MessageClassified answered = other.build();

        // the reply to the second message comes before it; the first revision is delivered again at the end
        List<MessageClassified> batch = List.of(first, earlyReply, revised, reply, answered, first);
        Broker.awaitConsumed(); // nothing else moves the counters meanwhile
        double appliedBefore = count("applied");
        double staleBefore = count("stale");
        consume(batch);

        // counted as if applied one by one: both revisions applied, the repeated first one stale
        assertThat(count("applied") - appliedBefore).isEqualTo(5);
        assertThat(count("stale") - staleBefore).isEqualTo(1);

        Map<String, Object> stored = TestDatabase.rows("select revision, grp, first_reply_at from messages where message_id = ?",
                message.id()).get(0);
        assertThat(stored).containsEntry("revision", 2).containsEntry("grp", "waste");
        assertThat(((Timestamp) stored.get("first_reply_at")).toInstant()).isEqualTo(reply.publishedAt());
        Timestamp otherReplied = (Timestamp) TestDatabase.rows("select first_reply_at from messages where message_id = ?",
                other.id()).get(0).get("first_reply_at");
        assertThat(otherReplied).isNotNull();
        assertThat(otherReplied.toInstant()).isEqualTo(earlyReply.publishedAt());

        // what the dashboard shows for the whole month (from the rollups): one message per group, both answered
        AnalyticsQuery may = AnalyticsQuery.of("2019-05-01", "2019-06-01", Optional.of(Set.of(TOWN)), null, null, null);
        TopicsResult topics = analytics.topics(may);
        assertThat(topics.total()).isEqualTo(2);
        assertThat(topics.groups()).extracting(TopicsResult.GroupCount::group, TopicsResult.GroupCount::count)
                .containsExactlyInAnyOrder(tuple("roads", 1L), tuple("waste", 1L));
        ResponsesResult responses = analytics.responses(may);
        assertThat(responses.overall().messages()).isEqualTo(2);
        assertThat(responses.overall().answered()).isEqualTo(2);
        // replies after three and two hours
        assertThat(responses.overall().medianHours()).isCloseTo(2.5, within(1 / 3600.0));

        // the same batch again changes nothing and counts every event stale
        consume(batch);
        assertThat(count("stale") - staleBefore).isEqualTo(1 + batch.size());
        assertThat(analytics.topics(may).total()).isEqualTo(2);
        assertThat(analytics.responses(may).overall().answered()).isEqualTo(2);
    }

    private void consume(List<MessageClassified> events) throws Exception {
        TopicPartition partition = new TopicPartition(Topics.MESSAGES_CLASSIFIED, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (MessageClassified e : events) {
            records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), records.size(),
                    e.messageId().toString(), Broker.json(e)));
        }
        consumer.consume(new ConsumerRecords<>(Map.of(partition, records)));
    }

    private double count(String outcome) {
        return registry.counter("civicpulse.reporting.messages", "outcome", outcome).count();
    }
}
