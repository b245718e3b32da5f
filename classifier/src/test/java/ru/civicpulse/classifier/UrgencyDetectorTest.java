package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Urgency;
import ru.civicpulse.contracts.UrgencyLevel;

class UrgencyDetectorTest {
    private static final Instant JANUARY = Instant.parse("2026-01-15T09:00:00Z");
    private static final Instant JULY = Instant.parse("2026-07-15T09:00:00Z");
    private final UrgencyDetector detector = new UrgencyDetector();

    @Test
    void gasSmellIsAnEmergencyWhateverTheCaseAndStretching() {
        Urgency u = detector.detect("В ПОДЪЕЗДЕ СИЛЬНО ПАХНЕЕЕТ ГАЗОМ!!!", JULY);
        assertThat(u.level()).isEqualTo(UrgencyLevel.EMERGENCY);
        assertThat(u.reasons()).contains("gas-smell");
    }

    @Test
    void noHeatingIsAnEmergencyOnlyInTheColdSeason() {
        String text = "Уже неделю нет отопления, батареи холодные";
        assertThat(detector.detect(text, JANUARY)).isEqualTo(new Urgency(UrgencyLevel.EMERGENCY, java.util.List.of("no-heating")));
        assertThat(detector.detect(text, JULY).level()).isEqualTo(UrgencyLevel.ELEVATED);
    }

    @Test
    void noWaterFollowsTheSeasonToo() {
        assertThat(detector.detect("В доме третий день нет воды", Instant.parse("2026-11-02T10:00:00Z")).level())
                .isEqualTo(UrgencyLevel.EMERGENCY);
        assertThat(detector.detect("В доме третий день нет воды", JULY).reasons()).containsExactly("no-water");
    }

    @Test
    void recognisesPhysicalDangers() {
        assertThat(detector.detect("В подвале прорвало трубу, хлещет кипяток", JULY).reasons()).contains("burst-pipe");
        assertThat(detector.detect("На столбе искрят провода", JULY).reasons()).contains("sparking-wires");
        assertThat(detector.detect("Оборванные провода лежат на тротуаре", JULY).reasons()).contains("fallen-wires");
        assertThat(detector.detect("С крыши свисают огромные сосульки над входом", JANUARY).reasons()).contains("icicles");
        assertThat(detector.detect("Обрушился балкон на третьем этаже", JULY).reasons()).contains("collapse");
        assertThat(detector.detect("В подвале пожар, всё в дыму", JULY).reasons()).contains("fire");
        assertThat(detector.detect("Соседи сверху затопили квартиру", JULY).reasons()).contains("flooding");
        assertThat(detector.detect("Во всём доме нет света с утра", JULY).reasons()).contains("no-electricity");
        assertThat(detector.detect("Открытый люк у школы, дети могут упасть", JULY).reasons())
                .contains("open-hatch", "danger-to-children");
        assertThat(detector.detect("Это угроза жизни людей", JULY).level()).isEqualTo(UrgencyLevel.EMERGENCY);
    }

    @Test
    void ordinaryRequestsAreNotUrgent() {
        Urgency u = detector.detect("Просим установить лавочку у подъезда и покрасить забор. Не горит фонарь у интернет-магазина", JANUARY);
        assertThat(u.level()).isEqualTo(UrgencyLevel.NONE);
        assertThat(u.reasons()).isEmpty();
    }
}
