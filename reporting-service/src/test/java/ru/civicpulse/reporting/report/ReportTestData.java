package ru.civicpulse.reporting.report;

import org.apache.kafka.clients.producer.ProducerRecord;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.contracts.TopicScore;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.contracts.Urgency;
import ru.civicpulse.contracts.UrgencyLevel;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.testsupport.TestKafka;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Classified messages for one week, produced on the real topic so they enter the read model the
 * way production data does. Each call uses its own week so tests never see each other's data.
 */
final class ReportTestData {
    static final String HEATING_INCIDENT = "voronezh/tsentralny/housing-utilities/heating/pushkinskaya-5";

    private ReportTestData() {
    }

    /** One row of the plan: how many messages of a group land in a district on a day of the week. */
    record Plan(String municipality, String district, String group, String topic, int dayOfWeek, int count,
                String incidentKey, SentimentLabel tone, UrgencyLevel urgency, String text) {
    }

    /** The week's plan for Voronezh and Novovoronezh: 45 Voronezh appeals, 6 Novovoronezh ones. */
    static List<Plan> weekPlan() {
        return List.of(
                new Plan("voronezh", "tsentralny", "housing-utilities", "heating", 0, 6, HEATING_INCIDENT,
                        SentimentLabel.NEGATIVE, UrgencyLevel.ELEVATED, "Нет отопления в доме на Пушкинской, 5; батареи холодные"),
                new Plan("voronezh", "tsentralny", "housing-utilities", "heating", 1, 6, HEATING_INCIDENT,
                        SentimentLabel.NEGATIVE, UrgencyLevel.ELEVATED, "Пушкинская, 5: отопления нет второй день, дети мёрзнут"),
                new Plan("voronezh", "levoberezhny", "housing-utilities", "hot-water", 2, 8, null,
                        SentimentLabel.NEGATIVE, UrgencyLevel.NONE, "Нет горячей воды в доме на Ленинском проспекте"),
                new Plan("voronezh", "sovetsky", "roads", "potholes", 3, 7, null,
                        SentimentLabel.NEGATIVE, UrgencyLevel.NONE, "Яма на дороге у остановки, машины объезжают по встречке"),
                new Plan("voronezh", null, "roads", "sidewalks", 4, 5, null,
                        SentimentLabel.NEUTRAL, UrgencyLevel.NONE, "Когда отремонтируют тротуар?"),
                new Plan("voronezh", "leninsky", "waste", "waste-collection", 5, 8, null,
                        SentimentLabel.NEGATIVE, UrgencyLevel.NONE, "Мусор не вывозят неделю, контейнеры переполнены"),
                new Plan("voronezh", "kominternovsky", "energy-gas-telecom", "gas-supply", 6, 1, null,
                        SentimentLabel.NEGATIVE, UrgencyLevel.EMERGENCY, "Сильно пахнет газом в подъезде"),
                new Plan("voronezh", "zheleznodorozhny", "public-transport", "intervals", 6, 4, null,
                        SentimentLabel.NEUTRAL, UrgencyLevel.NONE, "Автобус 5А ходит раз в сорок минут"),
                new Plan("novovoronezh", null, "healthcare", "doctor-appointments", 2, 6, null,
                        SentimentLabel.NEGATIVE, UrgencyLevel.NONE, "Не записаться к терапевту в поликлинику"));
    }

    static long count(String municipality) {
        return weekPlan().stream().filter(p -> p.municipality().equals(municipality)).mapToLong(Plan::count).sum();
    }

    /** Produces the plan for the week starting {@code monday} (Moscow), plus official replies to some appeals. */
    static void produceWeek(LocalDate monday, String tag) {
        List<MessageClassified> events = new ArrayList<>();
        int n = 0;
        for (Plan p : weekPlan()) {
            Instant dayStart = monday.plusDays(p.dayOfWeek()).atStartOfDay(ReportFormat.ZONE).toInstant();
            for (int i = 0; i < p.count(); i++) {
                Instant published = dayStart.plusSeconds(3600L * (8 + i % 10) + 60L * i);
                String sourceId = tag + "-" + (n++);
                UUID id = MessageIds.of(Source.VK, sourceId);
                events.add(message(id, sourceId, MessageKind.POST, null, "author-" + tag + "-" + (n % 17), p.text(),
                        published, p, p.incidentKey()));
                if (i % 2 == 0 && p.urgency() != UrgencyLevel.EMERGENCY) {
                    String replyId = sourceId + "-reply";
                    events.add(message(MessageIds.of(Source.VK, replyId), replyId, MessageKind.OFFICIAL_REPLY, id,
                            "city-administration", "Спасибо, передали в профильную службу.", published.plusSeconds(3600L * (2 + i)),
                            new Plan(p.municipality(), p.district(), p.group(), p.topic(), p.dayOfWeek(), 1, null,
                                    SentimentLabel.NEUTRAL, UrgencyLevel.NONE, null), null));
                }
            }
        }
        TestKafka.send(events.stream().map(e -> new ProducerRecord<>(Topics.MESSAGES_CLASSIFIED, e.messageId().toString(),
                Broker.json(e))).toList());
    }

    private static MessageClassified message(UUID id, String sourceId, MessageKind kind, UUID inReplyTo, String author,
                                             String text, Instant published, Plan p, String incidentKey) {
        return new MessageClassified(UUID.randomUUID(), MessageClassified.TYPE, MessageClassified.VERSION, published.plusSeconds(5),
                id, 1, Source.VK, sourceId, "club-1", null, kind, inReplyTo, author, text, published, published.plusSeconds(2),
                p.municipality(), null, new TopicScore(p.group(), p.group() + "/" + p.topic(), 0.9), List.of(),
                sourceId.endsWith("0"), new Sentiment(p.tone(), p.tone() == SentimentLabel.NEGATIVE ? -0.7 : 0.0),
                new Urgency(p.urgency(), List.of()), new Location(p.district(), null), incidentKey, "test-model-1",
                published.plusSeconds(5), null);
    }
}
