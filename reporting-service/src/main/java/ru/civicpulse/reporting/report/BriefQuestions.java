package ru.civicpulse.reporting.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Residents' questions in Russian free text, and near-duplicate grouping of messages for the
 * live-broadcast brief.
 */
public final class BriefQuestions {
    /**
     * Two messages are near-duplicates when the Jaccard similarity of their word-stem sets is at
     * least this. Rephrasings of one question keep most content words («Когда дадут горячую воду?»,
     * «Когда же дадут горячую воду на Ленинском?»: 4 of 5 stems, 0.8), while two different
     * questions of one topic usually share only the question word and a verb («Когда отремонтируют
     * тротуар?» / «… дорогу?»: 2 of 4, 0.5), so the threshold sits just above one half.
     */
    static final double NEAR_DUPLICATE = 0.6;
    /** Leading letters kept of each word: a crude stem that makes Russian case endings match. */
    private static final int STEM = 5;

    /** Question words that begin a question wherever a clause begins. */
    private static final Set<String> STRONG = Set.of("почему", "зачем", "сколько", "доколе", "неужели", "разве",
            "отчего", "когда-нибудь", "куда-нибудь");
    /**
     * Question words that are also conjunctions («Когда идёт дождь, двор затапливает»): a question
     * only at the start of a sentence that is not a subordinate clause followed by its main clause.
     */
    private static final Set<String> WEAK = Set.of("когда", "где", "как", "куда", "кто", "откуда", "чей", "чья", "чьё",
            "какой", "какая", "какое", "какие", "каким", "какого", "каков");
    /** «Подскажите, куда обращаться»: a request to tell makes the question word after it ask. */
    private static final Set<String> TELL = Set.of("подскажите", "скажите", "объясните", "ответьте", "уточните",
            "поясните", "интересно", "вопрос");
    /** «Что» asks only in fixed phrases: «что делать», «что будет», «что с …», «что происходит». */
    private static final Set<String> AFTER_WHAT = Set.of("делать", "будет", "с", "происходит", "случилось", "мешает");
    /** «Как и обещали…», «как всегда…»: comparisons, not questions. */
    private static final Set<String> NOT_AFTER_HOW = Set.of("и", "всегда", "обычно", "только", "будто", "раньше", "правило");
    /** Short function words left out of the stem sets. */
    private static final Set<String> STOP = Set.of("и", "в", "во", "на", "не", "же", "ли", "а", "но", "по", "к", "ко",
            "у", "о", "об", "с", "со", "за", "из", "от", "до", "то", "это", "уже", "ну", "бы", "вот", "там", "тут");

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?…\\n])|(?=\\n)");
    private static final Pattern CLAUSES = Pattern.compile("[,;:—–()]|\\s-\\s");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+(?:-[\\p{L}\\p{Nd}]+)*");

    private BriefQuestions() {
    }

    /** True when the text asks something: a question mark, or a Russian question word or particle where a clause starts. */
    public static boolean isQuestion(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String t = URL.matcher(text).replaceAll(" ");
        if (t.indexOf('?') >= 0) {
            return true;
        }
        for (String sentence : SENTENCES.split(t)) {
            String[] clauses = CLAUSES.split(sentence, -1);
            // «Когда X, Y»: a clause with words after the first one makes the first a subordinate clause
            boolean subordinate = false;
            for (int i = 1; i < clauses.length && !subordinate; i++) {
                subordinate = !words(clauses[i]).isEmpty();
            }
            boolean afterTell = false;
            for (int i = 0; i < clauses.length; i++) {
                List<String> words = words(clauses[i]);
                if (words.isEmpty()) {
                    continue;
                }
                String first = words.get(0);
                String second = words.size() > 1 ? words.get(1) : "";
                boolean asked = afterTell && WEAK.contains(first)
                        || TELL.contains(first) && (WEAK.contains(second) || STRONG.contains(second));
                afterTell = words.size() == 1 && TELL.contains(first);
                if (asked || STRONG.contains(first)
                        || "ли".equals(second)
                        || "что".equals(first) && AFTER_WHAT.contains(second)
                        || i == 0 && WEAK.contains(first) && !subordinate
                        && !("как".equals(first) && NOT_AFTER_HOW.contains(second))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower-case words, «ё» read as «е», hyphenated words kept whole («кто-то» is not «кто»). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('ё', 'е'));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The set of word stems a message is compared by (its shingles of one word). */
    static Set<String> stems(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(URL.matcher(text).replaceAll(" "))) {
            if (!STOP.contains(w)) {
                out.add(w.length() > STEM ? w.substring(0, STEM) : w);
            }
        }
        return out;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return (double) common.size() / (a.size() + b.size() - common.size());
    }

    /** A set of near-duplicate messages and the one that stands for them. */
    public record Group(String representative, List<String> members) {
        public int count() {
            return members.size();
        }
    }

    /**
     * Groups texts into near-duplicates: each text joins the first group whose first text it
     * resembles ({@link #NEAR_DUPLICATE}), else starts a group. A group's representative is the
     * member most similar to the others (ties: one that has a question mark, then the earlier). Largest groups first.
     */
    public static List<Group> group(List<String> texts) {
        List<List<String>> groups = new ArrayList<>();
        List<Set<String>> leaders = new ArrayList<>();
        for (String text : texts) {
            Set<String> s = stems(text);
            int found = -1;
            for (int g = 0; g < leaders.size() && found < 0; g++) {
                if (jaccard(s, leaders.get(g)) >= NEAR_DUPLICATE) {
                    found = g;
                }
            }
            if (found < 0) {
                groups.add(new ArrayList<>(List.of(text)));
                leaders.add(s);
            } else {
                groups.get(found).add(text);
            }
        }
        List<Group> out = new ArrayList<>();
        for (List<String> members : groups) {
            out.add(new Group(representative(members), List.copyOf(members)));
        }
        out.sort(Comparator.comparingInt(Group::count).reversed());
        return out;
    }

    private static String representative(List<String> members) {
        if (members.size() == 1) {
            return members.get(0);
        }
        List<Set<String>> sets = members.stream().map(BriefQuestions::stems).toList();
        int best = 0;
        double bestScore = -1;
        for (int i = 0; i < members.size(); i++) {
            double score = 0;
            for (int j = 0; j < members.size(); j++) {
                score += i == j ? 0 : jaccard(sets.get(i), sets.get(j));
            }
            boolean asks = members.get(i).indexOf('?') >= 0 && members.get(best).indexOf('?') < 0;
            if (score > bestScore + 1e-9 || Math.abs(score - bestScore) <= 1e-9 && asks) {
                best = i;
                bestScore = score;
            }
        }
        return members.get(best);
    }
}
