package ru.civicpulse.classifier;

import java.util.ArrayList;
import java.util.List;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.SentimentLabel;

/**
 * Rule-based tone: a small lexicon of word beginnings (so declensions match), negation within the
 * two preceding words flips a word's polarity, sarcasm markers turn praise into complaint,
 * exclamation marks and shouting in capitals intensify. Score in -1..1 (tanh of the sum).
 * Thread-safe and allocation-light.
 */
public final class ToneAnalyzer {
    private static final String[] NEGATIVE = {
        "плох", "ужас", "кошмар", "безобраз", "возмут", "позор", "отврат", "мерзк", "надоел", "достал",
        "бардак", "беспредел", "хамств", "хамск", "нахал", "грязн", "грязь", "вонь", "воня", "смрад",
        "разбит", "сломан", "слома", "разруш", "опасн", "страшн", "невозможн", "невыносим", "бездейств",
        "наплеват", "безразлич", "безответствен", "игнорир", "издева", "обман", "жалоб", "жаловат",
        "проблем", "авари", "беда", "бесполезн", "бессмыслен", "отписк", "халтур", "некачествен",
        "ужасн", "кошмарн", "зл", "бесит", "бесят", "возмущ", "недоволь", "разочаров", "стыд", "тошнит",
        "мучаем", "мучает", "страда", "замерза", "мерзн", "холод", "воровств", "ворую", "украл", "кинул",
        "плохо", "хуже", "худш", "дурдом", "цирк", "развал", "заброшен", "запущен", "гибн", "погиб"
    };
    private static final String[] POSITIVE = {
        "спасибо", "благодар", "молодц", "отличн", "хорош", "прекрасн", "замечательн", "великолепн",
        "оперативн", "быстро", "помогл", "помогли", "порадова", "радует", "радост", "рад", "красив", "уютн",
        "чист", "удобн", "браво", "супер", "класс", "здоров", "лучш", "доволь", "приятн", "восхищ",
        "умниц", "признател", "ура", "наконец"
    };
    private static final String[] NEGATIONS = {"не", "нет", "ни", "без", "никак", "никогда", "нисколько"};
    /** Phrases that announce irony: praise inside them is a complaint. */
    private static final String[] SARCASM = {
        "ну спасибо", "спасибо за то что", "браво", "как всегда", "как обычно", "ага конечно", "ну конечно",
        "ну да", "низкий поклон", "отличная работа", "так держать", "молодцы какие", "ну молодцы"
    };

    private static final java.util.regex.Pattern QUOTED_PRAISE = java.util.regex.Pattern.compile(
            "[«\"„“](спасибо|молодцы|отлично|прекрасно|замечательно|браво|хорошо)[»\"“”]",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /** The quoted-praise pattern (for tests). */
    static java.util.regex.Pattern quotedPraise() {
        return QUOTED_PRAISE;
    }

    /** The lexicon by a word's first letter, negative stems before positive ones: +1 or -1 per stem. */
    private static final java.util.Map<Character, List<Stem>> LEXICON = lexicon();

    private record Stem(String stem, int polarity) {
    }

    private static java.util.Map<Character, List<Stem>> lexicon() {
        java.util.Map<Character, List<Stem>> m = new java.util.HashMap<>();
        for (String n : NEGATIVE) {
            m.computeIfAbsent(n.charAt(0), k -> new ArrayList<>()).add(new Stem(n, -1));
        }
        for (String p : POSITIVE) {
            m.computeIfAbsent(p.charAt(0), k -> new ArrayList<>()).add(new Stem(p, 1));
        }
        return m;
    }

    public Sentiment analyze(String text) {
        if (text == null || text.isBlank()) {
            return new Sentiment(SentimentLabel.NEUTRAL, 0.0);
        }
        return analyze(text, TextNormalizer.normalize(text));
    }

    /** {@link #analyze} given the text and its {@link TextNormalizer#normalize normalised} form. */
    Sentiment analyze(String text, String norm) {
        if (text.isBlank()) {
            return new Sentiment(SentimentLabel.NEUTRAL, 0.0);
        }
        List<String> words = words(norm);
        double positive = 0;
        double negative = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            int polarity = polarity(w);
            if (polarity == 0) {
                continue;
            }
            boolean negated = (i > 0 && isNegation(words.get(i - 1))) || (i > 1 && isNegation(words.get(i - 2)));
            if (negated) {
                // "не плохо" is mild praise, "не хорошо" a complaint
                if (polarity > 0) {
                    negative += 1;
                } else {
                    positive += 0.5;
                }
            } else if (polarity > 0) {
                positive += 1;
            } else {
                negative += 1;
            }
        }
        positive += emojiScore(text, true);
        negative += emojiScore(text, false);
        boolean sarcastic = isSarcastic(norm, text, negative);
        if (sarcastic && positive > 0) {
            negative += positive;
            positive = 0;
        }
        double raw = positive - negative;
        int exclamations = count(text, '!');
        double intensity = 1 + 0.15 * Math.min(4, exclamations) + (shouting(text) ? 0.3 : 0);
        double score = Math.tanh(raw * intensity / 2.0);
        score = Math.round(score * 1000) / 1000.0;
        SentimentLabel label = score <= -0.2 ? SentimentLabel.NEGATIVE : score >= 0.2 ? SentimentLabel.POSITIVE : SentimentLabel.NEUTRAL;
        return new Sentiment(label, score);
    }

    private static int polarity(String w) {
        List<Stem> candidates = LEXICON.get(w.charAt(0));
        if (candidates != null) {
            for (Stem s : candidates) {
                if (matches(w, s.stem())) {
                    return s.polarity();
                }
            }
        }
        return 0;
    }

    /** Prefix match, but short stems ("рад", "зл") must be nearly the whole word to avoid "радиатор", "злак". */
    private static boolean matches(String word, String stem) {
        if (!word.startsWith(stem)) {
            return false;
        }
        return stem.length() >= 4 || word.length() <= stem.length() + 3;
    }

    private static boolean isNegation(String w) {
        for (String n : NEGATIONS) {
            if (n.equals(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSarcastic(String norm, String raw, double negative) {
        String flat = lettersDigitsAndSingleSpaces(norm);
        for (String s : SARCASM) {
            if (flat.contains(s)) {
                return true;
            }
        }
        // praise in quotes («спасибо», "молодцы") or followed by a complaint and a wink
        if (QUOTED_PRAISE.matcher(raw).find()) {
            return true;
        }
        return negative > 0 && (raw.contains(")))") || raw.contains("😂") || raw.contains("🤣"));
    }

    /** Every character but letters, digits and spaces becomes a space; runs of spaces become one. */
    private static String lettersDigitsAndSingleSpaces(String norm) {
        StringBuilder out = new StringBuilder(norm.length());
        for (int i = 0; i < norm.length(); ) {
            int cp = norm.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean keep = cp == ' ' || Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER
                    || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
            if (keep && cp != ' ') {
                out.appendCodePoint(cp);
            } else if (out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static double emojiScore(String text, boolean positive) {
        if (!mayHaveEmoji(text)) {
            return 0;
        }
        double s = 0;
        String[] pos = {"👍", "😊", "🙂", "😀", "😃", "❤", "👏", "🙏", "🥰", "😍", ":)", ":-)"};
        String[] neg = {"👎", "😡", "🤬", "😠", "😢", "😭", "😤", "💩", ":(", ":-("};
        for (String e : positive ? pos : neg) {
            if (text.contains(e)) {
                s += 1;
            }
        }
        return s;
    }

    /** Every emoji and emoticon scored contains a surrogate, '❤' or ':'. */
    private static boolean mayHaveEmoji(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '❤' || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean shouting(String text) {
        int upper = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        return letters >= 12 && upper > letters * 0.7;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static List<String> words(String norm) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = norm.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(norm.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && (Character.isLetterOrDigit(norm.charAt(i)) || norm.charAt(i) == '-')) {
                i++;
            }
            if (i > s) {
                out.add(norm.substring(s, i));
            }
        }
        return out;
    }
}
