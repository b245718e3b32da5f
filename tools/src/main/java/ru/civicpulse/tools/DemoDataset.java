package ru.civicpulse.tools;

import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.tools.DemoMessage.Channel;
import ru.civicpulse.tools.Templates.Place;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The demo data set: four weeks of what residents of Voronezh and Novovoronezh write, through every
 * channel, with a hot-water spike in one district over the last three days, emergencies, official
 * replies and re-deliveries. The same seed and end day give the same messages.
 */
public final class DemoDataset {
    public static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    /** VK account of the city administration's community (negative: a group); its replies are official. */
    public static final String VK_OFFICIAL_ACCOUNT = "-1000001";
    public static final String SPIKE_DISTRICT = "levoberezhny";

    private final Random random;
    private final Instant end;
    private final Instant start;
    private final List<DemoMessage> messages = new ArrayList<>();
    private int serial;

    private DemoDataset(long seed, LocalDate lastDay) {
        this.random = new Random(seed);
        this.end = lastDay.plusDays(1).atStartOfDay(ZONE).toInstant().minusSeconds(1);
        this.start = lastDay.minusDays(27).atStartOfDay(ZONE).toInstant();
    }

    /** Messages of the 28 days ending with {@code lastDay} (Moscow time), in publication order. */
    public static List<DemoMessage> generate(long seed, LocalDate lastDay, Instant notAfter) {
        DemoDataset d = new DemoDataset(seed, lastDay);
        d.ordinary(2050);
        d.spike(180);
        d.emergencies();
        d.officialReplies();
        d.redeliveries(110);
        Instant cap = notAfter;
        return d.messages.stream()
                .map(m -> m.publishedAt().isAfter(cap) ? withTime(m, cap.minusSeconds(60 + Math.abs(m.text().hashCode() % 3600))) : m)
                .sorted(Comparator.comparing(DemoMessage::publishedAt).thenComparing(DemoMessage::sourceMessageId))
                .toList();
    }

    private static DemoMessage withTime(DemoMessage m, Instant t) {
        return new DemoMessage(m.channel(), m.source(), m.sourceMessageId(), m.kind(), m.municipality(), m.district(), m.address(),
                m.text(), t, m.authorId(), m.inReplyTo(), m.postId(), m.redelivery(), m.intendedGroup());
    }

    private void ordinary(int count) {
        List<String> groups = Templates.GROUP_WEIGHTS.entrySet().stream()
                .flatMap(e -> java.util.Collections.nCopies(e.getValue(), e.getKey()).stream()).sorted().toList();
        for (int i = 0; i < count; i++) {
            String group = Templates.pick(groups, random);
            Place place = place();
            add(group, Templates.pick(Templates.BY_GROUP.get(group), random), place, time(start, end));
        }
    }

    private void spike(int count) {
        Place place = Templates.PLACES.stream().filter(p -> SPIKE_DISTRICT.equals(p.district())).findFirst().orElseThrow();
        Instant from = end.minus(Duration.ofDays(3));
        for (int i = 0; i < count; i++) {
            add("housing-utilities", Templates.pick(Templates.NO_HOT_WATER, random), place, time(from, end));
        }
    }

    private void emergencies() {
        for (int i = 0; i < 14; i++) {
            add("energy-gas-telecom", Templates.pick(Templates.GAS, random), place(), time(start, end));
        }
        for (int i = 0; i < 22; i++) {
            add("housing-utilities", Templates.pick(Templates.BURST_PIPE, random), place(), time(start, end));
        }
        for (int i = 0; i < 45; i++) {
            // cold snaps: heating complaints cluster in the second half of the period
            add("housing-utilities", Templates.pick(Templates.NO_HEATING, random), place(), time(start.plus(Duration.ofDays(12)), end));
        }
    }

    /** The administration answers some VK posts from its community account and some ПОС appeals through REST. */
    private void officialReplies() {
        List<DemoMessage> answered = new ArrayList<>();
        for (DemoMessage m : messages) {
            if (m.channel() == Channel.VK && m.kind() == MessageKind.POST && random.nextInt(8) == 0) {
                answered.add(m);
            } else if (m.source() == Source.POS && random.nextInt(4) == 0) {
                answered.add(m);
            }
        }
        for (DemoMessage m : answered) {
            Instant at = m.publishedAt().plus(Duration.ofMinutes(20 + random.nextInt(60 * 30)));
            String text = Templates.pick(Templates.OFFICIAL_REPLIES, random);
            if (m.channel() == Channel.VK) {
                messages.add(new DemoMessage(Channel.VK, Source.VK, "reply-" + (++serial), MessageKind.OFFICIAL_REPLY,
                        m.municipality(), m.district(), null, text, at, VK_OFFICIAL_ACCOUNT, m.sourceMessageId(), m.postId(), false, null));
            } else {
                messages.add(new DemoMessage(Channel.REST, Source.POS, "pos-answer-" + (++serial), MessageKind.OFFICIAL_REPLY,
                        m.municipality(), m.district(), null, text, at, "administration", m.sourceMessageId(), null, false, null));
            }
        }
    }

    /** Connectors re-deliver: the same source message arrives a second time. */
    private void redeliveries(int count) {
        List<DemoMessage> firsts = messages.stream().filter(m -> m.kind() != MessageKind.OFFICIAL_REPLY).toList();
        for (int i = 0; i < count; i++) {
            DemoMessage m = firsts.get(random.nextInt(firsts.size()));
            messages.add(new DemoMessage(m.channel(), m.source(), m.sourceMessageId(), m.kind(), m.municipality(), m.district(),
                    m.address(), m.text(), m.publishedAt(), m.authorId(), m.inReplyTo(), m.postId(), true, m.intendedGroup()));
        }
    }

    private void add(String group, String template, Place place, Instant at) {
        String text = Templates.fill(template, place, random);
        String street = Templates.streetOf(text, place);
        Channel channel = place.municipality().equals("voronezh") ? voronezhChannel() : novovoronezhChannel();
        String author = "u" + (1 + random.nextInt(1600));
        int n = ++serial;
        switch (channel) {
            case VK -> {
                boolean comment = random.nextInt(4) == 0 && !messages.isEmpty();
                String post = comment ? lastVkPost() : String.valueOf(5000 + n);
                messages.add(new DemoMessage(channel, Source.VK, comment ? "c" + n : post, comment ? MessageKind.COMMENT : MessageKind.POST,
                        place.municipality(), place.district(), street, text, at, String.valueOf(300000 + Math.abs(author.hashCode() % 100000)),
                        null, post, false, group));
            }
            case TELEGRAM -> messages.add(new DemoMessage(channel, Source.TELEGRAM, String.valueOf(n), MessageKind.DIRECT_MESSAGE,
                    place.municipality(), place.district(), street, text, at, String.valueOf(700000 + Math.abs(author.hashCode() % 100000)),
                    null, null, false, group));
            case IMPORT -> messages.add(new DemoMessage(channel, Source.INCIDENT_IMPORT, "IM-" + (100000 + n), MessageKind.APPEAL,
                    place.municipality(), place.district(), street, text, at, author, null, null, false, group));
            case REST -> {
                Source source = random.nextInt(3) == 0 ? Source.OK : Source.POS;
                messages.add(new DemoMessage(channel, source, (source == Source.POS ? "pos-" : "ok-") + n,
                        source == Source.POS ? MessageKind.APPEAL : MessageKind.POST, place.municipality(), place.district(),
                        street, text, at, author, null, null, false, group));
            }
        }
    }

    private String lastVkPost() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            DemoMessage m = messages.get(i);
            if (m.channel() == Channel.VK && m.kind() == MessageKind.POST) {
                return m.postId();
            }
        }
        return "5000";
    }

    private Channel voronezhChannel() {
        int r = random.nextInt(100);
        return r < 34 ? Channel.VK : r < 52 ? Channel.TELEGRAM : r < 64 ? Channel.IMPORT : Channel.REST;
    }

    private Channel novovoronezhChannel() {
        return random.nextInt(100) < 25 ? Channel.IMPORT : Channel.REST;
    }

    private Place place() {
        // Voronezh is ~30 times bigger than Novovoronezh, yet its residents are as vocal per head: ~12 % from Novovoronezh
        if (random.nextInt(100) < 12) {
            return Templates.PLACES.get(Templates.PLACES.size() - 1);
        }
        int[] weights = {14, 14, 20, 20, 18, 14}; // tsentralny, leninsky, kominternovsky, levoberezhny, sovetsky, zheleznodorozhny
        int r = random.nextInt(100);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return Templates.PLACES.get(i);
            }
        }
        return Templates.PLACES.get(0);
    }

    /** A moment in [from, to): more in daytime and on weekdays, slightly more towards the end of the period. */
    private Instant time(Instant from, Instant to) {
        long span = Duration.between(from, to).getSeconds();
        while (true) {
            double u = Math.sqrt(random.nextDouble() * 0.6 + 0.4) - Math.sqrt(0.4); // gentle upward trend
            long offset = (long) (u / (1 - Math.sqrt(0.4)) * span);
            Instant t = from.plusSeconds(Math.min(span - 1, offset));
            int hour = t.atZone(ZONE).getHour();
            int dow = t.atZone(ZONE).getDayOfWeek().getValue();
            double keep = (hour >= 7 && hour <= 23 ? 1.0 : 0.15) * (dow >= 6 ? 0.7 : 1.0);
            if (random.nextDouble() < keep) {
                return t;
            }
        }
    }

    /** Counts for a human summary: per channel, first deliveries only. */
    public static Map<Channel, Long> perChannel(List<DemoMessage> set) {
        return set.stream().filter(m -> !m.redelivery())
                .collect(Collectors.groupingBy(DemoMessage::channel, () -> new java.util.EnumMap<>(Channel.class), Collectors.counting()));
    }
}
