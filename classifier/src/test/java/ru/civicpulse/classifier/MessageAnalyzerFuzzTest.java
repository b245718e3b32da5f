package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.UrgencyLevel;

/**
 * Generated adversarial texts through the full analysis with the default model: long runs of one
 * character, hyphens, punctuation, mixed scripts, 100,000 characters, invalid surrogates, NUL and
 * control characters, emoji, repeated keyword fragments. Each must be analysed without an exception
 * and give a well-formed result. The generator is seeded ({@code -Dfuzz.seed}, default 20261206), so a
 * failure names the seed and case that reproduce it. Times are printed, not asserted: the worst
 * milliseconds per kilobyte go in the README. The only clock in an assertion is a hang guard of 60 s
 * per text, far above the cost of any text here.
 */
class MessageAnalyzerFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 400);
    private static final Instant WINTER = Instant.parse("2026-01-15T09:00:00Z");

    private static final String[] KEYWORDS = {
            "газ", "пахнет", "запах", "пахн", "утечк", "пожар", "дым", "подъезд", "обруш", "трещин", "стен", "прорвал", "труб",
            "кипят", "искрит", "провод", "оборван", "столб", "нет", "отоплен", "батаре", "вод", "свет", "сосул", "крыш", "затоп",
            "люк", "застрял", "лифт", "дети", "опасн", "угроз", "жизн", "ул.", "улица", "Ул.", "пр-т", "проспект", "Кирова",
            "д. 5", "кв. 12", "корп. 2", "ая", "Московский", "левобережный", "спасибо", "«спасибо»", "молодцы", "ужас",
            "http://", "https://x.ru/", "@", "#", "[телефон]", "[email]", "[скрыто]", "ё", "ЁЁЁ", "не", "без", "во-первых"};

    private static final String[] SCRIPTS = {
            "газ", "gas", "γάζι", "газ\u0301", "煤气", "غاز", "גז", "गैस", "ガス", "가스", "ᚷᚨᛋ", "𝔤𝔞𝔰", "ｇａｓ", "\u202eгаз",
            "ⅯⅯⅯ", "٣٤٥", "①②③", "\u00adгаз", "г\u200bа\u200bз"};

    private static final String[] EMOJI = {
            "😀", "🔥", "💧", "⚡", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇷🇺", "👍🏽", "❤️", "🧯", "\u20e3", "1️⃣", "🫠"};

    private static final String[] CONTROL = {
            "\u0000", "\u0001", "\u0007", "\u0008", "\t", "\n", "\u000b", "\u000c", "\r", "\u001b", "\u007f", "\u0085", "\u2028",
            "\u2029", "\ufeff", "\ufffe", "\uffff", "\u200d", "\u200e", "\u202e"};

    private static final String[] SURROGATES = {"\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "\ud83d", "\ude00"};

    private static final String[] PUNCTUATION = {"-", "--", "—", "–", ".", "...", "…", ",", "!", "?", "!!!", ";", ":", "(", ")", "[",
            "]", "«", "»", "\"", "'", "/", "\\", "*", "_", "+", "=", "%", "$", "~", "`", "|", "^", "&", "<", ">", "{", "}"};

    private enum Family {
        ONE_CHAR_RUN, HYPHENS, PUNCTUATION, MIXED_SCRIPTS, SURROGATES, CONTROL, EMOJI, KEYWORD_FRAGMENTS, NEAR_PAYLOAD,
        EVERYTHING
    }

    private record Case(int index, Family family, String text) {
    }

    @Test
    void adversarialTextsAreAnalysedWithoutErrorsInBoundedTime() {
        MessageAnalyzer analyzer = new MessageAnalyzer(TopicModel.loadDefault(), 0.45);
        analyzer.analyze("прогрев", "voronezh", WINTER);
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Family family = Family.values()[i % Family.values().length];
            int length = i % 25 == 0 ? 100_000 : random.nextInt(4) == 0 ? 1 + random.nextInt(20_000) : 1 + random.nextInt(2_000);
            cases.add(new Case(i, family, generate(family, length, random)));
        }
        // warm the JIT on a copy of the first cases, so the figures below measure the code, not the compiler
        for (Case c : cases.subList(0, 60)) {
            analyzer.analyze(c.text(), "voronezh", WINTER);
        }
        double worstMsPerKb = 0;
        double worstLargeMsPerKb = 0;
        Case worst = null;
        long totalChars = 0;
        long totalNanos = 0;
        double[] worstByFamily = new double[Family.values().length];
        for (Case c : cases) {
            String municipality = c.index() % 3 == 0 ? null : "voronezh";
            long start = System.nanoTime();
            Analysis a = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> analyzer.analyze(c.text(), municipality, WINTER),
                    () -> "hang on case " + c.index() + " (" + c.family() + ", seed " + SEED + ")");
            long nanos = System.nanoTime() - start;
            assertThat(a.topic()).as("case %d", c.index()).isNotNull();
            assertThat(a.topic().confidence()).isBetween(0.0, 1.0);
            assertThat(a.alternatives()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(a.sentiment()).isNotNull();
            assertThat(a.urgency().level()).isIn((Object[]) UrgencyLevel.values());
            assertThat(a.location()).isNotNull();
            totalChars += c.text().length();
            totalNanos += nanos;
            double kb = Math.max(1, c.text().length()) / 1024.0;
            double msPerKb = nanos / 1e6 / Math.max(kb, 1.0);
            worstByFamily[c.family().ordinal()] = Math.max(worstByFamily[c.family().ordinal()], msPerKb);
            if (c.text().length() >= 16_384) {
                worstLargeMsPerKb = Math.max(worstLargeMsPerKb, msPerKb);
            }
            if (msPerKb > worstMsPerKb) {
                worstMsPerKb = msPerKb;
                worst = c;
            }
        }
        System.out.printf(Locale.ROOT, "analyser fuzz (seed %d): %d texts, %d chars in %.1f s (%.2f ms per KB on average); "
                        + "worst %.2f ms per KB on case %d (%s, %d chars)%n", SEED, cases.size(), totalChars, totalNanos / 1e9,
                totalNanos / 1e6 / (totalChars / 1024.0), worstMsPerKb, worst.index(), worst.family(), worst.text().length());
        System.out.printf(Locale.ROOT, "  worst on texts of 16 KB or more: %.2f ms per KB%n", worstLargeMsPerKb);
        for (Family f : Family.values()) {
            System.out.printf(Locale.ROOT, "  worst %-17s %.2f ms per KB%n", f, worstByFamily[f.ordinal()]);
        }
    }

    @Test
    void theGeneratorIsReproducible() {
        Random a = new Random(SEED);
        Random b = new Random(SEED);
        for (Family f : Family.values()) {
            assertThat(generate(f, 3_000, a)).isEqualTo(generate(f, 3_000, b));
        }
    }

    private static String generate(Family family, int length, Random random) {
        StringBuilder sb = new StringBuilder(length + 64);
        switch (family) {
            case ONE_CHAR_RUN -> {
                String[] all = {"-", ".", "!", " ", "\n", "а", "А", "я", "ё", "0", "9", "x", "😀", "\u0000", "\ud800", "ж", "_", "@", "#"};
                String unit = all[random.nextInt(all.length)];
                while (sb.length() < length) {
                    sb.append(unit);
                }
            }
            case HYPHENS -> {
                while (sb.length() < length) {
                    sb.append(random.nextBoolean() ? KEYWORDS[random.nextInt(KEYWORDS.length)] : "раз");
                    sb.append("-".repeat(1 + random.nextInt(random.nextInt(5) == 0 ? 500 : 5)));
                    if (random.nextInt(3) == 0) {
                        sb.append(' ');
                    }
                }
            }
            case PUNCTUATION -> {
                while (sb.length() < length) {
                    sb.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                    if (random.nextInt(10) == 0) {
                        sb.append(' ');
                    }
                }
            }
            case MIXED_SCRIPTS -> {
                while (sb.length() < length) {
                    sb.append(SCRIPTS[random.nextInt(SCRIPTS.length)]).append(random.nextBoolean() ? " " : "");
                }
            }
            case SURROGATES -> {
                while (sb.length() < length) {
                    sb.append(SURROGATES[random.nextInt(SURROGATES.length)]);
                    if (random.nextBoolean()) {
                        sb.append(KEYWORDS[random.nextInt(KEYWORDS.length)]);
                    }
                }
            }
            case CONTROL -> {
                while (sb.length() < length) {
                    sb.append(CONTROL[random.nextInt(CONTROL.length)]);
                    if (random.nextBoolean()) {
                        sb.append(KEYWORDS[random.nextInt(KEYWORDS.length)]);
                    }
                }
            }
            case EMOJI -> {
                while (sb.length() < length) {
                    sb.append(EMOJI[random.nextInt(EMOJI.length)]);
                    if (random.nextInt(4) == 0) {
                        sb.append(KEYWORDS[random.nextInt(KEYWORDS.length)]).append(' ');
                    }
                }
            }
            case KEYWORD_FRAGMENTS -> {
                String[] seps = {"", " ", "-", ", ", ". ", "  ", "\n"};
                String sep = seps[random.nextInt(seps.length)];
                while (sb.length() < length) {
                    String k = KEYWORDS[random.nextInt(KEYWORDS.length)];
                    if (random.nextInt(3) == 0) {
                        k = k.substring(random.nextInt(k.length()));
                    }
                    sb.append(random.nextInt(5) == 0 ? k.toUpperCase(Locale.ROOT) : k).append(random.nextInt(4) == 0 ? seps[random.nextInt(seps.length)] : sep);
                }
            }
            case NEAR_PAYLOAD -> {
                while (sb.length() < length) {
                    sb.append(KEYWORDS[random.nextInt(KEYWORDS.length)]).append(" раз два три четыре ")
                            .append(KEYWORDS[random.nextInt(KEYWORDS.length)])
                            .append("-".repeat(random.nextInt(200))).append(random.nextBoolean() ? " " : "");
                }
            }
            case EVERYTHING -> {
                Family[] parts = {Family.ONE_CHAR_RUN, Family.HYPHENS, Family.PUNCTUATION, Family.MIXED_SCRIPTS, Family.SURROGATES,
                        Family.CONTROL, Family.EMOJI, Family.KEYWORD_FRAGMENTS, Family.NEAR_PAYLOAD};
                while (sb.length() < length) {
                    sb.append(generate(parts[random.nextInt(parts.length)], 1 + random.nextInt(Math.max(1, Math.min(length, 3_000))), random));
                }
            }
            default -> throw new IllegalStateException();
        }
        return sb.length() > length ? sb.substring(0, length) : sb.toString();
    }
}
