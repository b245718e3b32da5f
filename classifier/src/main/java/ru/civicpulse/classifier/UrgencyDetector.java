package ru.civicpulse.classifier;

import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.contracts.Urgency;
import ru.civicpulse.contracts.UrgencyLevel;

/**
 * Finds signs of danger or loss of a vital service. Patterns work on normalised text (lower case,
 * ё→е, squeezed letters) with word beginnings, so declensions, shouting and stretched letters match;
 * "near" rules allow up to three words between the two parts. Loss of heating or water is an
 * emergency in the cold season (October–April, Moscow time) and elevated otherwise.
 *
 * <p>Every regular expression here is a bounded alternation anchored at a word beginning, and the
 * distance of a "near" rule is counted in code over the text's words (computed once per text), never
 * by a regular expression with nested quantifiers: the cost is linear in the text's length whatever
 * the text. A word is a run of letters and digits; words joined only by hyphens ({@code кое-где})
 * count as one, as they did when the distance was a regular expression.
 */
public final class UrgencyDetector {
    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String START = "(?<![а-яa-z0-9])";

    private enum Level { ELEVATED, EMERGENCY, SEASONAL }

    /** Part {@code a}, then part {@code b} starting at most three words later. */
    private record Near(Pattern a, Pattern b) {
    }

    /** The source of a near alternative, before compiling. */
    private record NearSource(String a, String b) {
    }

    /**
     * {@code plain}: the rule's alternatives that are plain expressions (null if none); {@code filter}:
     * an expression that matches whenever the rule can (a near rule as "a, anything, b"), read by the
     * prefilter for the words the rule needs and never run on a text.
     */
    private record Rule(String reason, Level level, Pattern plain, List<Near> nears, Pattern filter) {
    }

    private static final List<Rule> RULES = List.of(
            rule("gas-smell", Level.EMERGENCY,
                    near("запах|пахн|пахет|воня|вонь|утечк|утечь", "газ"), near("газ", "пахн|воня|утечк|травит")),
            rule("fire", Level.EMERGENCY,
                    "пожар", "возгоран", "задымлен", "горит (?:дом|квартир|подъезд|подвал|машин|крыш|здани|балкон)",
                    near("дым", "подъезд|подвал|квартир|окн|крыш|здани"), "огонь"),
            rule("collapse", Level.EMERGENCY,
                    "обруш", "обвал", "рухнул", "рухнет", "провал(?:ился|илась|илось)", near("трещин", "стен|фундамент|дом|потол|балкон"),
                    near("аварийн", "дом|здани|балкон|состоян")),
            rule("burst-pipe", Level.EMERGENCY,
                    near("прорвал|прорыв|порыв|лопнул|разорвал|свищ", "труб|стояк|батаре|кран|водопровод|отоплен|горяч"),
                    near("хлещ|фонтан|бьет", "вод|кипят|труб"), "кипят[а-я]* (?:течет|хлещ|льет|заливает)"),
            rule("sparking-wires", Level.EMERGENCY,
                    "искрит", "искрят", "искрение", "искры", near("оголен|голые|торчат", "провод|кабел"),
                    near("бьет", "ток")),
            rule("fallen-wires", Level.EMERGENCY,
                    near("оборван|оборвал|обрыв|порван|упал|упали|лежат|лежит|висят|висит|провис", "провод|кабел|лэп"),
                    near("провод|кабел", "на земле|на дорог|на тротуар|оборван|провис"),
                    near("упал|упала|падает|наклонил", "столб|опор")),
            rule("no-heating", Level.SEASONAL,
                    near("нет|отключ|не работа|не греют|не греет|холодн|ледян|еле теплы|чуть теплы|без", "отоплен|батаре|радиатор"),
                    near("отоплен|батаре|радиатор", "нет|отключ|не работа|не греют|не греет|холодн|ледян|не включ|не дали|не дают"),
                    "не топ(?:ят|ит|ят)", "(?:в квартире|дома) (?:холодно|\\+?1[0-6] градус)", "замерза", "мерзнем"),
            rule("no-water", Level.SEASONAL,
                    near("нет|отключ|без|не дают|не дали|отсутств", "(?:горяч[а-я]* |холодн[а-я]* )?вод[аыу]?(?:[^а-я]|$)|водоснабжен|гвс|хвс"),
                    near("вод[аыу]?(?:[^а-я]|$)|водоснабжен", "нет|отключ|отсутств")),
            rule("no-electricity", Level.ELEVATED,
                    near("нет|отключ|без|пропал|вырубил|не дают", "свет[ау]?(?:[^а-я]|$)|электричеств|электроэнерги|электроснабжен")),
            rule("icicles", Level.ELEVATED,
                    "сосул", near("налед|глыб|снег|лед", "крыш|кровл|карниз|падает|свис|висит|свеша")),
            rule("flooding", Level.ELEVATED,
                    "затоп", "потоп", "подтоп", near("залил|залива|заливают|течет|льет|капает", "потол|сверху|с крыш|квартир|подвал|стен"),
                    "течет с потолка", near("вод", "в подвале|в подъезде")),
            rule("open-hatch", Level.ELEVATED,
                    near("открыт|без крышк|нет крышк|провал", "люк"), near("люк", "открыт|без крышк|нет крышк")),
            rule("stuck-in-elevator", Level.EMERGENCY,
                    near("застрял|застряла|застряли|заперт", "лифт")),
            rule("danger-to-children", Level.ELEVATED,
                    near("дет[иейям]|ребен|ребят|школьник", "опасн|упад|упал|травм|пострада|угроз|рискуют|могут"),
                    near("опасн|угроз", "дет[иейям]|ребен|школьник")),
            rule("danger-to-life", Level.EMERGENCY,
                    near("угроз|опасн|риск", "жизн"), "погиб", "смертел", "может убить", "убьет", "насмерть"));

    /** Runs a rule only when its words occur in the text: most texts trigger none or one. */
    private static final RegexPrefilter PREFILTER = new RegexPrefilter(RULES.stream().map(Rule::filter).toList());

    /** Expressions that match whenever a rule can, in rule order (for tests of the prefilter). */
    static List<Pattern> patterns() {
        return RULES.stream().map(Rule::filter).toList();
    }

    public Urgency detect(String text, Instant publishedAt) {
        if (text == null || text.isBlank()) {
            return new Urgency(UrgencyLevel.NONE, List.of());
        }
        return detectNormalized(TextNormalizer.normalize(text), publishedAt);
    }

    /** {@link #detect} on a text already put through {@link TextNormalizer#normalize}. */
    Urgency detectNormalized(CharSequence norm, Instant publishedAt) {
        if (norm.length() == 0) {
            return new Urgency(UrgencyLevel.NONE, List.of());
        }
        boolean[] may = PREFILTER.candidates(norm);
        UrgencyLevel level = UrgencyLevel.NONE;
        List<String> reasons = new ArrayList<>(2);
        Words words = null;
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (!may[i]) {
                continue;
            }
            boolean hit = r.plain() != null && r.plain().matcher(norm).find();
            for (int k = 0; !hit && k < r.nears().size(); k++) {
                if (words == null) {
                    words = new Words(norm);
                }
                hit = near(r.nears().get(k), norm, words);
            }
            if (hit) {
                reasons.add(r.reason());
                UrgencyLevel l = switch (r.level()) {
                    case EMERGENCY -> UrgencyLevel.EMERGENCY;
                    case ELEVATED -> UrgencyLevel.ELEVATED;
                    case SEASONAL -> isColdSeason(publishedAt == null ? Instant.now() : publishedAt)
                            ? UrgencyLevel.EMERGENCY : UrgencyLevel.ELEVATED;
                };
                if (l.compareTo(level) > 0) {
                    level = l;
                }
            }
        }
        return new Urgency(level, reasons);
    }

    static boolean isColdSeason(Instant at) {
        Month m = at.atZone(ZONE).getMonth();
        return m.getValue() >= Month.OCTOBER.getValue() || m.getValue() <= Month.APRIL.getValue();
    }

    private static Rule rule(String reason, Level level, Object... alternatives) {
        List<String> plain = new ArrayList<>();
        List<Near> nears = new ArrayList<>();
        List<String> filter = new ArrayList<>();
        for (Object alt : alternatives) {
            if (alt instanceof NearSource pair) {
                nears.add(new Near(Pattern.compile(START + "(?:" + pair.a() + ")"), Pattern.compile(START + "(?:" + pair.b() + ")")));
                filter.add("(?:" + pair.a() + ")[^\\n]*(?:" + pair.b() + ")");
            } else {
                plain.add((String) alt);
                filter.add((String) alt);
            }
        }
        return new Rule(reason, level, plain.isEmpty() ? null : Pattern.compile(START + "(?:(?:" + String.join(")|(?:", plain) + "))"),
                List.copyOf(nears), Pattern.compile(START + "(?:(?:" + String.join(")|(?:", filter) + "))"));
    }

    /** a then b (or b then a is written as a separate rule), up to three words apart. */
    private static NearSource near(String a, String b) {
        return new NearSource(a, b);
    }

    /** Whether a text matches {@code a}, then {@code b} at a word beginning at most three words further. */
    private static boolean near(Near near, CharSequence text, Words words) {
        int[] bStarts = null;
        Matcher a = near.a().matcher(text);
        int from = 0;
        while (from <= text.length() && a.find(from)) {
            if (bStarts == null) {
                bStarts = starts(near.b().matcher(text), text.length());
                if (bStarts.length == 0) {
                    return false;
                }
            }
            int end = a.end();
            int k = firstAbove(bStarts, end);
            if (k < bStarts.length && words.between(end, bStarts[k]) <= 3) {
                return true;
            }
            from = a.start() + 1;
        }
        return false;
    }

    /** Start positions of every match (overlapping ones included), ascending. */
    private static int[] starts(Matcher m, int length) {
        int[] out = new int[8];
        int n = 0;
        int from = 0;
        while (from <= length && m.find(from)) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = m.start();
            from = m.start() + 1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Index of the first value greater than {@code x} in an ascending array (its length if none). */
    private static int firstAbove(int[] sorted, int x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean isWordChar(char c) {
        return c >= 'а' && c <= 'я' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * The words of one text, for counting the words between two positions. A "span" is a maximal run
     * of letters, digits and hyphens; a span with a letter or digit is one word however many hyphens
     * join its parts. One pass, two int arrays.
     */
    static final class Words {
        /** Per position: the start of its span, or -1 outside spans. */
        private final int[] spanStart;
        /** Per position: how many word spans start at or before it. */
        private final int[] wordsUpTo;
        /** Per position: a letter or digit precedes it within its span. */
        private final boolean[] wordBefore;

        Words(CharSequence text) {
            int n = text.length();
            spanStart = new int[n];
            wordsUpTo = new int[n];
            wordBefore = new boolean[n];
            int count = 0;
            int i = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (!isWordChar(c) && c != '-') {
                    spanStart[i] = -1;
                    wordsUpTo[i] = count;
                    i++;
                    continue;
                }
                int end = i;
                boolean hasWord = false;
                while (end < n) {
                    char d = text.charAt(end);
                    if (d != '-' && !isWordChar(d)) {
                        break;
                    }
                    wordBefore[end] = hasWord;
                    hasWord |= d != '-';
                    end++;
                }
                if (hasWord) {
                    count++;
                }
                for (int k = i; k < end; k++) {
                    spanStart[k] = i;
                    wordsUpTo[k] = count;
                }
                i = end;
            }
        }

        /**
         * Words that lie between the end of part a ({@code end}) and the start of part b ({@code b},
         * a word beginning after {@code end}): the rest of a's own span is free, and a part of b's
         * span in front of b counts as one word.
         */
        int between(int end, int b) {
            if (end < spanStart.length && spanStart[end] >= 0 && spanStart[end] == spanStart[b]) {
                return 0;
            }
            int before = end < wordsUpTo.length ? wordsUpTo[end] : wordsUpTo[wordsUpTo.length - 1];
            int fullSpans = wordsUpTo[b] - 1 - before;
            return fullSpans + (wordBefore[b] ? 1 : 0);
        }
    }
}
