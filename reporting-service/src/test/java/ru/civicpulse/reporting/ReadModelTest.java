package ru.civicpulse.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageClassified;
import ru.civicpulse.contracts.SentimentLabel;
import ru.civicpulse.contracts.Topics;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.analytics.AnalyticsService;
import ru.civicpulse.reporting.analytics.MethodologyResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;
import ru.civicpulse.reporting.readmodel.Freshness;
import ru.civicpulse.reporting.support.Broker;
import ru.civicpulse.reporting.support.Events;
import ru.civicpulse.testsupport.TestDatabase;
import ru.civicpulse.testsupport.TestKafka;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The read model: newest classification wins, rollups and author sets never drift from the facts. */
@QuarkusTest
class ReadModelTest {
    private static final String TOWN = "rollup-town";


    @Inject
    AnalyticsService analytics;

    @Test
    void rollupsMatchTheFactsAfterRandomDuplicatesReplaysAndReclassifications() {
        Random random = new Random(20261129);
        String[] groups = {"roads", "waste", "healthcare", "housing-utilities"};
        String[] districts = {"leninsky", "sovetsky", "tsentralny", null};
        String[] models = {"m-1", "m-2", "m-10"};
        // two weeks across a month's end, so messages move between days, weeks and months
        Instant base = Instant.parse("2025-01-25T00:00:00Z");
        List<MessageClassified> versions = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            // some imported appeals name no author: counted, never among unique authors
            String author = random.nextInt(8) == 0 ? null : "ar_rollup_" + random.nextInt(20);
            int count = 1 + random.nextInt(6);
            for (int v = 0; v < count; v++) {
                versions.add(Events.message().id(id).municipality(TOWN).author(author)
                        .at(base.plusSeconds(random.nextInt(14 * 24 * 3600)))
                        .revision(1 + random.nextInt(3)).model(models[random.nextInt(models.length)])
                        .classifiedAt(base.plusSeconds(20 * 24 * 3600 + versions.size() * 7L))
                        .group(groups[random.nextInt(groups.length)]).district(districts[random.nextInt(districts.length)])
                        .tone(SentimentLabel.values()[random.nextInt(3)])
                        .needsReview(random.nextInt(4) == 0).confidence(random.nextDouble()).build());
            }
        }
        for (int r = 0; r < 15; r++) {
            UUID id = UUID.randomUUID();
            UUID answered = ids.get(random.nextInt(ids.size()));
            int count = 1 + random.nextInt(2);
            for (int v = 0; v < count; v++) {
                versions.add(Events.message().id(id).municipality(TOWN).author("ar_official")
                        .replyTo(v == count - 1 ? answered : ids.get(random.nextInt(ids.size())))
                        .at(base.plusSeconds(random.nextInt(15 * 24 * 3600))).revision(1 + v)
                        .classifiedAt(base.plusSeconds(20 * 24 * 3600 + versions.size() * 7L)).build());
            }
        }
        List<MessageClassified> stream = new ArrayList<>(versions);
        for (int d = 0; d < versions.size() / 3; d++) {
            stream.add(versions.get(random.nextInt(versions.size())));
        }
        Collections.shuffle(stream, random);
        assertThat(stream).hasSizeGreaterThan(250);

        Map<UUID, MessageClassified> newest = new HashMap<>();
        for (MessageClassified e : versions) {
            newest.merge(e.messageId(), e, (a, b) -> freshness(b).isNewerThan(freshness(a)) ? b : a);
        }

        // in chunks, each consumed before the next, so that later revisions, replies and duplicates
        // meet rows an earlier batch stored, not only each other within one batch
        for (int from = 0; from < stream.size(); from += 40) {
            Broker.publish(stream.subList(from, Math.min(stream.size(), from + 40)));
            Broker.awaitConsumed();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertReadModel(newest));

        // A full replay in reverse order changes nothing.
        List<MessageClassified> replay = new ArrayList<>(stream);
        Collections.reverse(replay);
        Broker.publish(replay);
        Broker.awaitConsumed();
        assertReadModel(newest);
    }

    private void assertReadModel(Map<UUID, MessageClassified> newest) {
        // every message holds its newest classification
        for (MessageClassified e : newest.values()) {
            Map<String, Object> row = TestDatabase.rows("select revision, model_version, grp, district from messages where message_id = ?",
                    e.messageId()).get(0);
            assertThat(row).containsEntry("revision", e.revision()).containsEntry("model_version", e.modelVersion())
                    .containsEntry("grp", e.topic().group())
                    .containsEntry("district", e.location().district() == null ? "" : e.location().district());
        }
        // rollups equal a direct count over the facts, for the whole database
        assertThat(TestDatabase.rows("""
                select * from rollup_daily r full join (
                    select day, municipality, district, grp, source, tone, count(*) n from messages
                    where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6) f
                using (day, municipality, district, grp, source, tone)
                where r.count is distinct from f.n""")).isEmpty();
        assertThat(TestDatabase.rows("""
                select * from author_daily a full join (
                    select day, municipality, district, grp, source, au.id author_id, count(*) n
                    from messages m join authors au using (author_ref)
                    where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6) f
                using (day, municipality, district, grp, source, author_id)
                where a.messages is distinct from f.n""")).isEmpty();
        assertThat(TestDatabase.rows("""
                select * from rollup_periods r full join (
                    select p.period, date_trunc(p.period, day)::date period_start, municipality, district, grp, source, tone,
                           count(*) n
                    from messages cross join (values ('week'), ('month')) p(period)
                    where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6, 7) f
                using (period, period_start, municipality, district, grp, source, tone)
                where r.count is distinct from f.n""")).isEmpty();
        // every author has one id, and the day, week and month author sets are the facts' authors
        assertThat(TestDatabase.count("select count(*) - count(distinct author_ref) from authors")).isZero();
        assertThat(TestDatabase.rows("""
                select * from author_sets s full join (
                    select p.period, case p.period when 'day' then m.day else date_trunc(p.period, m.day)::date end period_start,
                           municipality, district, grp, source, array_agg(distinct au.id order by au.id) authors
                    from messages m join authors au using (author_ref)
                         cross join (values ('day'), ('week'), ('month')) p(period)
                    where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6) f
                using (period, period_start, municipality, district, grp, source)
                where s.authors is distinct from f.authors""")).isEmpty();
        // response days: what the facts give for every day and key
        assertThat(TestDatabase.rows("""
                select * from response_daily r full join response_buckets b using (day, municipality, district, grp, source)
                where (r.messages, r.waits, r.open_emergency, r.open_other)
                      is distinct from (b.messages, b.waits, b.open_emergency, b.open_other)""")).isEmpty();
        assertThat(TestDatabase.rows("""
                select * from response_monthly r full join (
                    select date_trunc('month', day)::date as month, municipality, district, grp, source, count(*)::integer messages,
                           count(*) filter (where reply_seconds is null)::integer unanswered,
                           coalesce(array_agg(reply_seconds order by reply_seconds) filter (where reply_seconds is not null), '{}') waits
                    from response_facts group by 1, 2, 3, 4, 5) f using (month, municipality, district, grp, source)
                where (r.messages, r.unanswered, r.waits) is distinct from (f.messages, f.unanswered, f.waits)""")).isEmpty();
        assertThat(TestDatabase.rows("""
                select * from model_rollup r full join (
                    select p.period, case p.period when 'day' then day else date_trunc(p.period, day)::date end period_start,
                           municipality, district, grp, source, model_version, count(*) n,
                           count(*) filter (where needs_review) review, sum(floor(confidence * 1000000 + 0.5))::bigint micros
                    from messages cross join (values ('day'), ('week'), ('month')) p(period)
                    where kind <> 'OFFICIAL_REPLY' group by 1, 2, 3, 4, 5, 6, 7) f
                using (period, period_start, municipality, district, grp, source, model_version)
                where (r.messages, r.needs_review, r.confidence_micros) is distinct from (f.n, f.review, f.micros)""")).isEmpty();
        assertUniqueAuthors(newest);
        assertResponseTimes();
        assertMethodology();
        // and what this test expects, computed independently
        Map<String, Long> expected = new TreeMap<>();
        for (MessageClassified e : newest.values()) {
            if (e.inReplyTo() == null) {
                LocalDate day = e.publishedAt().atZone(AnalyticsQuery.ZONE).toLocalDate();
                expected.merge(day + "/" + e.topic().group(), 1L, Long::sum);
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        TestDatabase.rows("select day, grp, sum(count) n from rollup_daily where municipality = ? group by day, grp", TOWN)
                .forEach(r -> actual.put(r.get("day") + "/" + r.get("grp"), ((Number) r.get("n")).longValue()));
        assertThat(actual).isEqualTo(expected);
        // first official reply, whichever arrived first
        for (MessageClassified e : newest.values()) {
            if (e.inReplyTo() != null) {
                continue;
            }
            Instant firstReply = newest.values().stream().filter(r -> e.messageId().equals(r.inReplyTo()))
                    .map(MessageClassified::publishedAt).min(Instant::compareTo).orElse(null);
            Object stored = TestDatabase.rows("select first_reply_at from messages where message_id = ?", e.messageId()).get(0).get("first_reply_at");
            assertThat(stored == null ? null : ((java.sql.Timestamp) stored).toInstant())
                    .as("first reply of %s", e.messageId()).isEqualTo(firstReply);
        }
    }

    /**
     * Unique authors answered by the analytics (author sets united over days, weeks and months, plus
     * partial days from the facts) equal a count over the newest versions, for periods that are
     * single days, whole weeks, unaligned runs of days, a month, instants, and with filters.
     */
    private void assertUniqueAuthors(Map<UUID, MessageClassified> newest) {
        List<String[]> periods = List.of(
                new String[]{"2025-01-20", "2025-02-10", null, null},
                new String[]{"2025-01-01", "2025-02-01", null, null},
                new String[]{"2025-01-27", "2025-02-03", null, null},
                new String[]{"2025-01-29", "2025-02-05", null, null},
                new String[]{"2025-02-02", "2025-02-03", null, null},
                new String[]{"2025-01-26T12:00:00+03:00", "2025-02-04T06:30:00+03:00", null, null},
                new String[]{"2025-02-01T10:00:00+03:00", "2025-02-01T20:00:00+03:00", null, null},
                new String[]{"2025-01-20", "2025-02-10", "leninsky", null},
                new String[]{"2025-01-28", "2025-02-09", null, "roads"});
        for (String[] p : periods) {
            AnalyticsQuery q = AnalyticsQuery.of(p[0], p[1], Optional.of(Set.of(TOWN)), p[2], null, p[3]);
            Map<String, Set<String>> expected = new TreeMap<>();
            Set<String> all = new HashSet<>();
            for (MessageClassified e : newest.values()) {
                boolean inPeriod = !e.publishedAt().isBefore(q.from()) && e.publishedAt().isBefore(q.to());
                boolean filtered = (p[2] == null || p[2].equals(e.location().district()))
                        && (p[3] == null || p[3].equals(e.topic().group()));
                if (e.inReplyTo() == null && e.authorRef() != null && inPeriod && filtered) {
                    expected.computeIfAbsent(e.topic().group(), g -> new HashSet<>()).add(e.authorRef());
                    all.add(e.authorRef());
                }
            }
            TopicsResult topics = analytics.topics(q);
            Map<String, Integer> actual = new TreeMap<>();
            topics.groups().stream().filter(g -> g.uniqueAuthors() > 0).forEach(g -> actual.put(g.group(), (int) g.uniqueAuthors()));
            Map<String, Integer> expectedCounts = new TreeMap<>();
            expected.forEach((g, authors) -> expectedCounts.put(g, authors.size()));
            assertThat(actual).as("unique authors per group, %s", java.util.Arrays.toString(p)).isEqualTo(expectedCounts);
            assertThat(topics.uniqueAuthors()).as("unique authors, %s", java.util.Arrays.toString(p)).isEqualTo(all.size());
        }
    }

    /**
     * Response times answered from response_monthly (whole past months), response_daily (other whole
     * days) and the facts (partial days) equal percentile_cont and counts computed over the facts.
     */
    private void assertResponseTimes() {
        for (String[] p : List.of(new String[]{"2025-01-01", "2025-03-01"}, new String[]{"2025-01-20", "2025-02-10"},
                new String[]{"2025-01-27", "2025-02-03"},
                new String[]{"2025-01-26T12:00:00+03:00", "2025-02-04T06:30:00+03:00"})) {
            AnalyticsQuery q = AnalyticsQuery.of(p[0], p[1], Optional.of(Set.of(TOWN)), null, null, null);
            ResponsesResult r = analytics.responses(q);
            Map<String, Object> direct = TestDatabase.rows("""
                    select count(*) n, count(first_reply_at) answered, count(*) filter (where first_reply_at is null) open,
                           percentile_cont(0.5) within group (order by extract(epoch from greatest(first_reply_at - published_at, interval '0')) / 3600)
                               filter (where first_reply_at is not null) median,
                           percentile_cont(0.9) within group (order by extract(epoch from greatest(first_reply_at - published_at, interval '0')) / 3600)
                               filter (where first_reply_at is not null) p90
                    from messages where municipality = ? and kind <> 'OFFICIAL_REPLY' and published_at >= ? and published_at < ?""",
                    TOWN, java.sql.Timestamp.from(q.from()), java.sql.Timestamp.from(q.to())).get(0);
            String period = java.util.Arrays.toString(p);
            assertThat(r.overall().messages()).as(period).isEqualTo(((Number) direct.get("n")).longValue());
            assertThat(r.overall().answered()).as(period).isEqualTo(((Number) direct.get("answered")).longValue());
            // waits are kept to the second
            assertThat(r.overall().medianHours()).as(period).isCloseTo(((Number) direct.get("median")).doubleValue(), within(1 / 3600.0));
            assertThat(r.overall().p90Hours()).as(period).isCloseTo(((Number) direct.get("p90")).doubleValue(), within(1 / 3600.0));
            // the test's messages are long past every deadline
            assertThat(r.overdueTotal()).as(period).isEqualTo(((Number) direct.get("open")).longValue());
        }
    }

    /** Model versions, review share and mean confidence from model_rollup and the facts equal a direct count. */
    private void assertMethodology() {
        for (String[] p : List.of(new String[]{"2025-01-01", "2025-03-01"}, new String[]{"2025-01-29", "2025-02-05"},
                new String[]{"2025-01-26T12:00:00+03:00", "2025-02-04T06:30:00+03:00"})) {
            AnalyticsQuery q = AnalyticsQuery.of(p[0], p[1], Optional.of(Set.of(TOWN)), null, null, null);
            MethodologyResult m = analytics.methodology(q);
            List<Map<String, Object>> direct = TestDatabase.rows("""
                    select model_version, count(*) n, count(*) filter (where needs_review) review, avg(confidence) conf
                    from messages where municipality = ? and kind <> 'OFFICIAL_REPLY' and published_at >= ? and published_at < ?
                    group by model_version order by n desc, model_version""",
                    TOWN, java.sql.Timestamp.from(q.from()), java.sql.Timestamp.from(q.to()));
            String period = java.util.Arrays.toString(p);
            assertThat(m.modelVersions()).as(period).extracting(MethodologyResult.ModelVersion::version)
                    .containsExactlyElementsOf(direct.stream().map(r -> (String) r.get("model_version")).toList());
            assertThat(m.modelVersions()).as(period).extracting(MethodologyResult.ModelVersion::messages)
                    .containsExactlyElementsOf(direct.stream().map(r -> ((Number) r.get("n")).longValue()).toList());
            long messages = direct.stream().mapToLong(r -> ((Number) r.get("n")).longValue()).sum();
            assertThat(m.messages()).as(period).isEqualTo(messages);
            assertThat(m.needsReview()).as(period).isEqualTo(direct.stream().mapToLong(r -> ((Number) r.get("review")).longValue()).sum());
            double confidence = direct.stream().mapToDouble(r -> ((Number) r.get("conf")).doubleValue() * ((Number) r.get("n")).longValue()).sum();
            // confidence is summed in millionths
            assertThat(m.meanConfidence()).as(period).isCloseTo(confidence / messages, within(1e-6));
        }
    }

    @Test
    void contractSamplesAreReadAndTheReplyLinksToItsMessageInEitherOrder() throws Exception {
        String reply = sample("samples/message-classified.official-reply.json");
        String comment = sample("samples/message-classified.vk-comment.json");
        MessageClassified r = EventJson.mapper().readValue(reply, MessageClassified.class);
        MessageClassified c = EventJson.mapper().readValue(comment, MessageClassified.class);
        assertThat(r.inReplyTo()).isEqualTo(c.messageId());

        // the reply first, then the message it answers
        Broker.publishRaw(r.messageId().toString(), reply);
        Broker.publishRaw(c.messageId().toString(), comment);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<Map<String, Object>> rows = TestDatabase.rows("select first_reply_at, grp, text from messages where message_id = ?", c.messageId());
            assertThat(rows).hasSize(1);
            assertThat(((java.sql.Timestamp) rows.get(0).get("first_reply_at")).toInstant()).isEqualTo(r.publishedAt());
            assertThat(rows.get(0)).containsEntry("grp", c.topic().group()).containsEntry("text", c.text());
        });
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheRestGoesOn() {
        try (ConsumerTask<String, String> dlq = TestKafka.follow(Topics.deadLetter(Topics.MESSAGES_CLASSIFIED, "reporting"))) {
            String key = "poison-" + UUID.randomUUID();
            Broker.publishRaw(key, "{not json");
            MessageClassified fine = Events.message().municipality("dlq-town").build();
            Broker.publish(fine);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(dlq.getRecords()).anySatisfy(rec -> {
                    assertThat(rec.key()).isEqualTo(key);
                    assertThat(rec.value()).isEqualTo("{not json");
                    // the header names of SmallRye's dead-letter-queue strategy, which writes to the same topic
                    assertThat(header(rec, "dead-letter-reason")).isNotBlank();
                    assertThat(header(rec, "dead-letter-exception-class-name")).endsWith("Exception");
                    assertThat(header(rec, "dead-letter-topic")).isEqualTo(Topics.MESSAGES_CLASSIFIED);
                    assertThat(header(rec, "dead-letter-partition")).matches("\\d+");
                    assertThat(header(rec, "dead-letter-offset")).matches("\\d+");
                });
            });
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(TestDatabase.count("select count(*) from messages where message_id = ?", fine.messageId())).isEqualTo(1));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Freshness freshness(MessageClassified e) {
        return new Freshness(e.revision(), e.modelVersion(), e.classifiedAt());
    }

    private static String sample(String path) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
