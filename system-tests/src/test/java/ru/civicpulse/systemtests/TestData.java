package ru.civicpulse.systemtests;

import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.DemoDataset;
import ru.civicpulse.tools.DemoMessage;
import ru.civicpulse.tools.DemoMessage.Channel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Messages for one test, all published on one day so that its counts are its own. */
final class TestData {
    /** Residents' texts per municipality: a Voronezh message must not speak of Novovoronezh, whose staff may not see it. */
    private static final Map<String, List<String>> TEXTS = DemoDataset.generate(42, LocalDate.now(DemoDataset.ZONE), Instant.now())
            .stream().filter(m -> m.kind() != MessageKind.OFFICIAL_REPLY)
            .collect(Collectors.groupingBy(DemoMessage::municipality,
                    Collectors.collectingAndThen(Collectors.mapping(DemoMessage::text, Collectors.toCollection(LinkedHashSet::new)),
                            List::copyOf)));
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100);

    private final LocalDate day;
    private final String prefix;

    TestData(LocalDate day, String prefix) {
        this.day = day;
        this.prefix = prefix;
    }

    /** Moment number {@code i} of the day (spread over working hours, Moscow time). */
    Instant at(long i) {
        return day.atTime(8, 0).atZone(DemoDataset.ZONE).toInstant().plusSeconds((i * 7) % (14 * 3600));
    }

    static String text(long i, String municipality) {
        List<String> texts = TEXTS.get(municipality);
        return texts.get((int) (i % texts.size()));
    }

    List<DemoMessage> rest(int count, Source source, MessageKind kind, String municipality) {
        List<DemoMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = SERIAL.incrementAndGet();
            out.add(new DemoMessage(Channel.REST, source, prefix + "-" + n, kind, municipality, null, null, text(n, municipality), at(n),
                    "author-" + (n % 97), null, null, false, null));
        }
        return out;
    }

    DemoMessage officialReply(DemoMessage to) {
        long n = SERIAL.incrementAndGet();
        return new DemoMessage(to.channel(), to.source(), to.channel() == Channel.VK ? "c" + n : prefix + "-answer-" + n,
                MessageKind.OFFICIAL_REPLY, to.municipality(), null, null, "Здравствуйте! Вопрос передан в управляющую компанию.",
                to.publishedAt().plusSeconds(3600), to.channel() == Channel.VK ? DemoDataset.VK_OFFICIAL_ACCOUNT : "administration",
                to.sourceMessageId(), to.postId(), false, null);
    }

    List<DemoMessage> vkPosts(int count) {
        List<DemoMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = SERIAL.incrementAndGet();
            out.add(new DemoMessage(Channel.VK, Source.VK, String.valueOf(n), MessageKind.POST, "voronezh", null, null, text(n, "voronezh"), at(n),
                    String.valueOf(400000 + n % 1000), null, String.valueOf(n), false, null));
        }
        return out;
    }

    List<DemoMessage> telegram(int count) {
        List<DemoMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = SERIAL.incrementAndGet();
            out.add(new DemoMessage(Channel.TELEGRAM, Source.TELEGRAM, String.valueOf(n), MessageKind.DIRECT_MESSAGE, "voronezh", null,
                    null, text(n, "voronezh"), at(n), String.valueOf(800000 + n % 1000), null, null, false, null));
        }
        return out;
    }

    List<DemoMessage> imported(int count, String municipality) {
        List<DemoMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long n = SERIAL.incrementAndGet();
            out.add(new DemoMessage(Channel.IMPORT, Source.INCIDENT_IMPORT, prefix + "-IM-" + n, MessageKind.APPEAL, municipality, null,
                    null, text(n, municipality), at(n), "resident", null, null, false, null));
        }
        return out;
    }
}
