package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classifier.text.TextNormalizer;
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

    @Test
    void wordsJoinedByHyphensCountAsOneWordBetweenTheParts() {
        assertThat(detector.detect("Пахнет во-первых кое-где чем-то газом", JULY).reasons()).containsExactly("gas-smell");
        assertThat(detector.detect("Пахнет раз два три четыре газом", JULY).reasons()).isEmpty();
        assertThat(detector.detect("Газ-пахнет", JULY).reasons()).containsExactly("gas-smell");
        assertThat(detector.detect("Нет света", JULY).reasons()).containsExactly("no-electricity");
        assertThat(detector.detect("Застряли в лифте", JULY).reasons()).containsExactly("stuck-in-elevator");
    }

    /**
     * The word distance counted in code agrees with the regular expression it replaced (kept here as
     * the reference: harmless on these short texts, catastrophic on long runs of hyphens) on texts
     * stitched from the rules' own words, hyphens and punctuation.
     */
    @Test
    void agreesWithTheFormerRegularExpressionsOnShortTexts() {
        String gap = "[а-яa-z0-9-]*[^а-яa-z0-9]+(?:[а-яa-z0-9-]+[^а-яa-z0-9]+){0,3}?";
        List<Pattern> reference = UrgencyDetector.patterns().stream()
                .map(p -> Pattern.compile(p.pattern().replace("[^\\n]*", gap))).toList();
        List<String> pieces = new ArrayList<>(new RegexPrefilter(UrgencyDetector.patterns()).literals());
        pieces.addAll(List.of("раз", "два-три", "кое-где", "-", "--", " - ", ", ", "...", "5", "x", "я", "во-", "-то"));
        Random random = new Random(11);
        int matched = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0, words = 2 + random.nextInt(7); k < words; k++) {
                String p = pieces.get(random.nextInt(pieces.size()));
                sb.append(p).append(switch (random.nextInt(6)) {
                    case 0 -> "";
                    case 1 -> "-";
                    case 2 -> ", ";
                    default -> " ";
                });
            }
            String norm = TextNormalizer.normalize(sb.toString());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < reference.size(); i++) {
                if (reference.get(i).matcher(norm).find()) {
                    expected.add(REASONS.get(i));
                }
            }
            assertThat(detector.detectNormalized(norm, JULY).reasons()).as("'%s'", norm).isEqualTo(expected);
            matched += expected.isEmpty() ? 0 : 1;
        }
        assertThat(matched).isGreaterThan(5_000);
    }

    private static final List<String> REASONS = List.of("gas-smell", "fire", "collapse", "burst-pipe", "sparking-wires", "fallen-wires",
            "no-heating", "no-water", "no-electricity", "icicles", "flooding", "open-hatch", "stuck-in-elevator",
            "danger-to-children", "danger-to-life");
}
