package ru.civicpulse.classification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classification.domain.ClassificationMetrics;
import ru.civicpulse.classification.messaging.IngestedConsumer;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.contracts.Topics;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many ingested messages per second the consumer gets through, poll batch by poll batch
 * (analysis, storage, incidents and outbox rows; no broker in between). The rate is printed, not
 * asserted: it depends on the machine. {@code -Dthroughput.messages=N} (default 1,000),
 * {@code -Dthroughput.batch=N} records per poll (default 200).
 */
@QuarkusTest
class ConsumeThroughputTest {
    private static final int MESSAGES = Integer.getInteger("throughput.messages", 1_000);
    private static final int BATCH = Integer.getInteger("throughput.batch", 200);
    private static final String[] TEXTS = {
            "Нет горячей воды в доме на улице Лизюкова 2, управляющая компания не отвечает",
            "Яма на дороге по улице Плехановской у дома 10, машины объезжают по встречной",
            "Не вывозят мусор с контейнерной площадки на улице Хользунова 40",
            "Автобус 5а не ходит по расписанию на остановке Памятник Славы",
            "В поликлинике на Московском проспекте невозможно записаться к врачу",
            "Во дворе на улице Ленина 12 не горят фонари, темно и опасно",
            "Сосулька над входом в подъезд на Кольцовской улице, может упасть на людей",
            "Спасибо коммунальщикам за быстрый ремонт теплотрассы на Ворошилова"};

    @Inject
    IngestedConsumer consumer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ClassificationMetrics metrics;

    @Test
    void consumingPrintsMessagesPerSecond() throws Exception {
        // A period no other test uses, so incidents form only among these messages.
        Instant base = Instant.parse("2024-06-01T00:00:00Z");
        List<ConsumerRecords<String, String>> batches = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < BATCH + MESSAGES; i++) {
            // near-duplicates of a few problems spread over two days: most join an incident, some open one
            MessageIngested m = Events.message(TEXTS[i % TEXTS.length] + (i % 3 == 0 ? "" : ", обращение " + i % 50),
                    base.plus(Duration.ofSeconds(30L * i)));
            if (i >= BATCH) {
                ids.add(m.messageId());
            }
            records.add(new ConsumerRecord<>(Topics.MESSAGES_INGESTED, 0, i, m.messageId().toString(), Events.json(m)));
            if (records.size() == BATCH) {
                batches.add(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.MESSAGES_INGESTED, 0), records), Map.of()));
                records = new ArrayList<>();
            }
        }
        if (!records.isEmpty()) {
            batches.add(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.MESSAGES_INGESTED, 0), records), Map.of()));
        }

        consumer.consume(batches.get(0)); // warm-up: JIT, prepared statements, the model
        double analysedBefore = metrics.analysisTimer().totalTime(TimeUnit.NANOSECONDS);
        long started = System.nanoTime();
        for (ConsumerRecords<String, String> batch : batches.subList(1, batches.size())) {
            consumer.consume(batch);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // the analyzer's share is CPU the storage does not change; the rest is what a batch costs in the database
        double analysis = (metrics.analysisTimer().totalTime(TimeUnit.NANOSECONDS) - analysedBefore) / 1e9;
        System.out.printf("Consumed %d MessageIngested in batches of %d in %.2f s: %.0f messages/s "
                        + "(analysis %.2f s; the rest %.2f s, %.0f messages/s)%n",
                ids.size(), BATCH, seconds, ids.size() / seconds, analysis, seconds - analysis, ids.size() / (seconds - analysis));

        try (Connection c = dataSource.getConnection()) {
            int classified = new Sql("select count(*) as n from classifications where message_id = any(?::uuid[])", ids)
                    .one(c, rs -> rs.getInt("n"));
            assertThat(classified).as("one result per message").isEqualTo(ids.size());
        }
    }
}
