package ru.civicpulse.tools;

import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Municipalities;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDatasetTest {
    static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 29);
    static final Instant CUT_OFF = ZonedDateTime.of(2026, 11, 29, 15, 0, 0, 0, DemoDataset.ZONE).toInstant();

    @Test
    void sameSeedAndDayGiveTheSameMessages() {
        assertThat(DemoDataset.generate(7, LAST_DAY, CUT_OFF)).isEqualTo(DemoDataset.generate(7, LAST_DAY, CUT_OFF));
        assertThat(DemoDataset.generate(8, LAST_DAY, CUT_OFF)).isNotEqualTo(DemoDataset.generate(7, LAST_DAY, CUT_OFF));
    }

    @Test
    void fourWeeksOfMessagesFromEveryDistrictAndChannel() {
        List<DemoMessage> set = DemoDataset.generate(DemoCommand.SEED, LAST_DAY, CUT_OFF);
        assertThat(set.stream().filter(DemoMessage::counted).count()).isGreaterThanOrEqualTo(2000);
        Instant start = LAST_DAY.minusDays(27).atStartOfDay(DemoDataset.ZONE).toInstant();
        assertThat(set).allSatisfy(m -> assertThat(m.publishedAt()).isBetween(start, CUT_OFF));
        Set<String> districts = set.stream().map(DemoMessage::district).filter(d -> d != null).collect(Collectors.toSet());
        assertThat(districts).containsExactlyInAnyOrderElementsOf(
                Municipalities.byCode("voronezh").orElseThrow().districts().stream().map(d -> d.code()).toList());
        assertThat(set).anyMatch(m -> m.municipality().equals("novovoronezh"));
        assertThat(DemoDataset.perChannel(set)).containsOnlyKeys(DemoMessage.Channel.values());
    }

    @Test
    void holdsTheSpikeEmergenciesRepliesAndRedeliveries() {
        List<DemoMessage> set = DemoDataset.generate(DemoCommand.SEED, LAST_DAY, CUT_OFF);
        Instant spikeStart = CUT_OFF.minusSeconds(3 * 24 * 3600);
        long hotWaterRecent = set.stream().filter(m -> m.text().contains("горяч") && m.publishedAt().isAfter(spikeStart)
                && DemoDataset.SPIKE_DISTRICT.equals(m.district())).count();
        long hotWaterBefore = set.stream().filter(m -> m.text().contains("горяч") && m.publishedAt().isBefore(spikeStart)).count();
        assertThat(hotWaterRecent).isGreaterThan(100).isGreaterThan(5 * hotWaterBefore);
        assertThat(set).anyMatch(m -> m.text().contains("пахнет газом"));
        assertThat(set).anyMatch(m -> m.text().contains("рорыв"));
        assertThat(set).anyMatch(m -> m.text().contains("без отопления") || m.text().contains("Отопления нет"));
        List<DemoMessage> replies = set.stream().filter(m -> m.kind() == MessageKind.OFFICIAL_REPLY).toList();
        assertThat(replies).isNotEmpty().allSatisfy(r -> assertThat(r.inReplyTo()).isNotNull());
        assertThat(replies).anyMatch(r -> r.channel() == DemoMessage.Channel.VK && r.authorId().equals(DemoDataset.VK_OFFICIAL_ACCOUNT));
        assertThat(replies).anyMatch(r -> r.channel() == DemoMessage.Channel.REST);
        assertThat(set.stream().filter(DemoMessage::redelivery)).allSatisfy(d -> assertThat(set).anyMatch(m -> !m.redelivery()
                && m.sourceMessageId().equals(d.sourceMessageId()) && m.source() == d.source()));
        assertThat(set.stream().filter(DemoMessage::redelivery).count()).isGreaterThan(50);
    }
}
