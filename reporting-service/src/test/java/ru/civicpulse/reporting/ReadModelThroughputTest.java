package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.readmodel.ClassifiedConsumer;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the read model takes classified events: {@code readmodel.events} events (default 2,000 so
 * the suite stays quick; pass 10,000 or more to measure) handed to the consumer in poll batches of
 * 500, as the broker would, and the rate logged. About a tenth are newer revisions of earlier
 * messages and a tenth official replies to them.
 */
@QuarkusTest
class ReadModelThroughputTest {
    private static final Logger LOG = Logger.getLogger(ReadModelThroughputTest.class);
    private static final String TOWN = "throughput-town";
    private static final int BATCH = 500;

    @Inject
    ClassifiedConsumer consumer;

    @Test
    void appliesBatchesOfClassifiedEvents() throws Exception {
        int total = Integer.getInteger("readmodel.events", 2_000);
        Random random = new Random(20261207);
        String[] groups = {"roads", "waste", "healthcare", "housing-utilities"};
        String[] districts = {"leninsky", "sovetsky", "tsentralny", null};
        Instant base = Instant.parse("2019-03-01T00:00:00Z");
        List<MessageClassified> events = new ArrayList<>();
        List<Events> messages = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && !messages.isEmpty()) {
                Events earlier = messages.get(random.nextInt(messages.size()));
                events.add(earlier.revision(events.size() + 2).tone(SentimentLabel.values()[random.nextInt(3)]).build());
            } else if (kind == 1 && !messages.isEmpty()) {
                UUID answered = messages.get(random.nextInt(messages.size())).id();
                events.add(Events.message().municipality(TOWN).author("ar_official").replyTo(answered)
                        .at(base.plusSeconds(random.nextInt(40 * 24 * 3600))).build());
            } else {
                Events m = Events.message().municipality(TOWN).author("ar_tp_" + random.nextInt(2000))
                        .at(base.plusSeconds(random.nextInt(30 * 24 * 3600)))
                        .group(groups[random.nextInt(groups.length)]).district(districts[random.nextInt(districts.length)])
                        .model("m-" + (1 + random.nextInt(3))).confidence(random.nextDouble());
                messages.add(m);
                events.add(m.build());
            }
        }
        List<ConsumerRecords<String, String>> batches = new ArrayList<>();
        TopicPartition partition = new TopicPartition(Topics.MESSAGES_CLASSIFIED, 0);
        for (int from = 0; from < events.size(); from += BATCH) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (int i = from; i < Math.min(from + BATCH, events.size()); i++) {
                MessageClassified e = events.get(i);
                records.add(new ConsumerRecord<>(partition.topic(), 0, i, e.messageId().toString(), Broker.json(e)));
            }
            batches.add(new ConsumerRecords<>(Map.of(partition, records)));
        }

        long start = System.nanoTime();
        for (ConsumerRecords<String, String> batch : batches) {
            consumer.consume(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.infof("Read model applied %d classified events in batches of %d in %.2f s: %.0f events/s",
                events.size(), BATCH, seconds, events.size() / seconds);

        assertThat(TestDatabase.count("select count(*) from messages where municipality = ? and kind <> 'OFFICIAL_REPLY'", TOWN))
                .isEqualTo(messages.size());
    }
}
