package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classifier.text.TextNormalizer;

class RegexPrefilterTest {

    @Test
    void skipsPatternsWhoseWordsAreAbsent() {
        RegexPrefilter filter = new RegexPrefilter(List.of(
                Pattern.compile("(?<![а-я])(?:запах|пахн)[а-я]*[^а-я]+(?:газ)"),
                Pattern.compile("сосул"),
                Pattern.compile("\\d+ градус(?:ов)?"),
                Pattern.compile("(?:проспект[а-я]*|пр-т|пр\\.) революции")));
        assertThat(filter.candidates("в подъезде пахнет газом")).containsExactly(true, false, false, false);
        assertThat(filter.candidates("пахнет краской")).containsExactly(false, false, false, false);
        assertThat(filter.candidates("в квартире 15 градусов, сосульки")).containsExactly(false, true, true, false);
        assertThat(filter.candidates("яма на пр. революции")).containsExactly(false, false, false, true);
        assertThat(filter.literals()).contains("запах", "пахн", "газ", "сосул", " градус", "проспект", "пр-т", "пр.", " революции");
    }

    @Test
    void patternsItCannotReadAlwaysRun() {
        RegexPrefilter filter = new RegexPrefilter(List.of(
                Pattern.compile("газ", Pattern.CASE_INSENSITIVE),
                Pattern.compile("(a)\\1"),
                Pattern.compile("(?:пожар)?[а-я]+"),
                Pattern.compile("горит")));
        assertThat(filter.candidates("ничего такого")).containsExactly(true, true, true, false);
        assertThat(filter.isFiltered(0)).isFalse();
        assertThat(filter.isFiltered(2)).isFalse();
        assertThat(filter.isFiltered(3)).isTrue();
    }

    @Test
    void neverSkipsAnUrgencyRuleOrAPlaceThatMatches() {
        List<Pattern> urgency = UrgencyDetector.patterns();
        List<Pattern> places = Gazetteer.forMunicipality("voronezh").patterns();
        for (List<Pattern> patterns : List.of(urgency, places)) {
            RegexPrefilter filter = new RegexPrefilter(patterns);
            for (int i = 0; i < patterns.size(); i++) {
                assertThat(filter.isFiltered(i)).as("pattern %s has literals", patterns.get(i)).isTrue();
            }
            // Texts stitched from the patterns' own literals, cut at random and mixed with filler, so
            // that many of them match; every match must have been let through.
            List<String> pieces = new ArrayList<>(filter.literals());
            pieces.addAll(List.of("нет", "не", "у", "в", "на", "дома", "ул.", "Ленина", "д. 5", "проспект", "15", ",", "!", "-", "я"));
            Random random = new Random(7);
            int matched = 0;
            int skipped = 0;
            for (int n = 0; n < 20_000; n++) {
                StringBuilder sb = new StringBuilder();
                int words = 1 + random.nextInt(6);
                for (int k = 0; k < words; k++) {
                    String p = pieces.get(random.nextInt(pieces.size()));
                    if (random.nextInt(4) == 0) {
                        p = p.substring(random.nextInt(p.length()));
                    }
                    if (random.nextInt(5) == 0) {
                        p = p.toUpperCase();
                    }
                    sb.append(p).append(random.nextInt(3) == 0 ? "" : random.nextInt(4) == 0 ? ", " : " ");
                }
                String raw = sb.toString();
                // the gazetteer's address patterns read the raw text, everything else the normalised one
                String text = patterns == places && random.nextBoolean() ? raw : TextNormalizer.normalize(raw);
                boolean[] may = filter.candidates(text);
                for (int i = 0; i < patterns.size(); i++) {
                    boolean matches = patterns.get(i).matcher(text).find();
                    assertThat(!matches || may[i]).as("pattern %s skipped on '%s'", patterns.get(i), text).isTrue();
                    matched += matches ? 1 : 0;
                    skipped += may[i] ? 0 : 1;
                }
            }
            assertThat(matched).isGreaterThan(2_000);
            assertThat(skipped).isGreaterThan(10_000 * patterns.size());
        }
    }
}
