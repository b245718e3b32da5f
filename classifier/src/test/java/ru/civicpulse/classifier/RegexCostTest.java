package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.testsupport.CountingText;

/**
 * The classifier's regular expressions read each character of a text a bounded number of times,
 * whatever the text: no catastrophic backtracking. Measured by counting {@code charAt} calls on the
 * text (the regex engine reads the text only through them), never by the clock; a run that goes
 * over budget stops at once instead of hanging the build.
 */
class RegexCostTest {
    /** Reads per character allowed: all fifteen urgency rules together stay far below this. */
    private static final int URGENCY_READS_PER_CHAR = 60;
    /** Reads per character allowed for one place or tone pattern (names are read up to 41 characters from each start). */
    private static final int PATTERN_READS_PER_CHAR = 60;
    private static final int LENGTH = 20_000;

    @Test
    void theReportedPayloadIsReadALinearNumberOfTimes() {
        UrgencyDetector detector = new UrgencyDetector();
        for (int hyphens : new int[]{22, 40, 1_000, 100_000}) {
            String norm = TextNormalizer.normalize("пахнет раз два три четыре пять газ" + "-".repeat(hyphens));
            CountingText text = new CountingText(norm, (long) URGENCY_READS_PER_CHAR * norm.length());
            assertThat(detector.detectNormalized(text, Instant.parse("2026-01-15T09:00:00Z")).reasons()).isEmpty();
            System.out.printf("urgency payload with %d hyphens: %d chars read %d times (%.1f per char)%n",
                    hyphens, norm.length(), text.reads(), (double) text.reads() / norm.length());
        }
    }

    @Test
    void urgencyRulesStayLinearOnRepeatedKeywordsHyphensAndPunctuation() {
        UrgencyDetector detector = new UrgencyDetector();
        double worst = 0;
        String worstText = "";
        for (String unit : units(new RegexPrefilter(UrgencyDetector.patterns()).literals())) {
            String norm = TextNormalizer.normalize(unit.repeat(Math.max(1, LENGTH / unit.length())) + " газ");
            CountingText text = new CountingText(norm, (long) URGENCY_READS_PER_CHAR * norm.length());
            detector.detectNormalized(text, Instant.parse("2026-01-15T09:00:00Z"));
            double perChar = (double) text.reads() / norm.length();
            if (perChar > worst) {
                worst = perChar;
                worstText = unit;
            }
        }
        System.out.printf("urgency rules: worst %.1f reads per char, on repetitions of '%s'%n", worst, worstText);
        assertThat(worst).isLessThanOrEqualTo(URGENCY_READS_PER_CHAR);
    }

    @Test
    void placeAndTonePatternsStayLinear() {
        List<Pattern> detailed = new ArrayList<>(Gazetteer.addressPatterns());
        detailed.add(ToneAnalyzer.quotedPraise());
        Set<String> units = new LinkedHashSet<>(List.of("-", " ", ".", ",", "1", "а", "А", "ё", "\t", "«", "\"", " -", "1-", "-а"));
        for (String piece : List.of("ул.", "ул", "Ул.", "улица", "пр-т", "набережная", "мкр", "Кирова", "кирова", "Кирова5", "5", "д.", "дом",
                "кв.", "корп.", "№", "ая", "-ая", "«спасибо", "9 января")) {
            for (String sep : new String[]{"", " ", "-", ". ", "    "}) {
                units.add(piece + sep);
            }
        }
        double worst = 0;
        String worstCase = "";
        for (String unit : units) {
            for (String tail : new String[]{"", "ая улица 5"}) {
                String raw = unit.repeat(Math.max(1, LENGTH / 4 / unit.length())) + tail;
                for (String text : List.of(raw, TextNormalizer.normalize(raw))) {
                    for (Pattern p : detailed) {
                        double perChar = readsPerChar(p, text, unit);
                        if (perChar > worst) {
                            worst = perChar;
                            worstCase = p.pattern().substring(0, Math.min(50, p.pattern().length())) + "… on '" + unit + "'";
                        }
                    }
                }
            }
        }
        // the places of a municipality: word-anchored alternations, read on runs of their own words
        List<Pattern> places = Gazetteer.forMunicipality("voronezh").patterns();
        for (String literal : new RegexPrefilter(places).literals()) {
            String text = TextNormalizer.normalize((literal + " ").repeat(Math.max(1, LENGTH / 4 / (literal.length() + 1))));
            for (Pattern p : places) {
                worst = Math.max(worst, readsPerChar(p, text, literal));
            }
        }
        System.out.printf("place and tone patterns: worst %.1f reads per char (%s)%n", worst, worstCase);
        assertThat(worst).isLessThanOrEqualTo(PATTERN_READS_PER_CHAR);
    }

    /** Reads per character to find every match, as Gazetteer.address does; fails once over budget. */
    private static double readsPerChar(Pattern p, String text, String unit) {
        CountingText counted = new CountingText(text, (long) PATTERN_READS_PER_CHAR * Math.max(text.length(), 1));
        Matcher m = p.matcher(counted);
        try {
            while (m.find()) {
                // every match
            }
        } catch (CountingText.OverBudget e) {
            throw new AssertionError("pattern " + p + " read repetitions of '" + unit + "' more than " + PATTERN_READS_PER_CHAR
                    + " times per char", e);
        }
        return (double) counted.reads() / Math.max(text.length(), 1);
    }

    @Test
    void addressTrimmingIsLinear() {
        String found = "ул. А" + ".,".repeat(LENGTH) + "Б" + " ,.".repeat(LENGTH);
        assertThat(Gazetteer.trimTrailingPunctuation(found)).isEqualTo("ул. А" + ".,".repeat(LENGTH) + "Б");
        assertThat(Gazetteer.trimTrailingPunctuation("ул. Кирова, 5. ")).isEqualTo("ул. Кирова, 5");
        assertThat(Gazetteer.trimTrailingPunctuation(" ,.")).isEmpty();
    }

    /** Units to repeat: single characters, each literal alone and joined by hyphens, spaces, commas, and keyword pairs. */
    private static Set<String> units(List<String> literals) {
        Set<String> units = new LinkedHashSet<>(List.of("-", " ", ".", ",", "а", "А", "1", " -", "- ", "-а", "а-", "1-", "ё",
                "\t", "\n", "😀", "\u0000", "раз-", "раз ", "раз-два "));
        for (String l : literals) {
            for (String sep : new String[]{"", "-", " ", ", ", " раз-два-три ", "--- "}) {
                units.add(l + sep);
            }
        }
        units.add("пахнет раз два три четыре пять газ" + "-".repeat(40) + " ");
        units.add("нет раз-два три-четыре пять-шесть семь ");
        return units;
    }
}
