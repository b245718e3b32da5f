package ru.civicpulse.classifier.text;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Tokenisation and stemming of normalised text. Tokens are maximal runs of letters and digits;
 * Cyrillic words go through Lucene's Russian Snowball stemmer (the one {@code RussianAnalyzer}
 * uses). Doing the split by hand instead of through a Lucene TokenStream keeps the hot path free
 * of attribute plumbing; the stemming and the stop list are Lucene's.
 */
public final class RussianTokens {
    /**
     * Lucene's Russian stop words. Keeping the negations (не, нет, ни, без) out of the list was tried
     * and scored lower on the nashgorod dev split (see README), so the list is used as it is.
     */
    static final CharArraySet STOP_WORDS = RussianAnalyzer.getDefaultStopSet();

    private RussianTokens() {
    }

    public static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    static boolean isCyrillicWord(char[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = buf[i];
            if (c < 'а' || c > 'я') {
                return false;
            }
        }
        return true;
    }

    public static boolean isStopWord(char[] buf, int start, int len) {
        return STOP_WORDS.contains(buf, start, len);
    }

    /** A stemmer per thread: Snowball programs are stateful. */
    static final ThreadLocal<RussianStemmer> STEMMER = ThreadLocal.withInitial(RussianStemmer::new);

    /** Stems of the content words of an already normalised text (stop words dropped). */
    public static List<String> stems(String normalised) {
        List<String> out = new ArrayList<>();
        char[] buf = normalised.toCharArray();
        RussianStemmer stemmer = STEMMER.get();
        int i = 0;
        int n = buf.length;
        while (i < n) {
            while (i < n && !isTokenChar(buf[i])) {
                i++;
            }
            int start = i;
            while (i < n && isTokenChar(buf[i])) {
                i++;
            }
            if (i > start && !isStopWord(buf, start, i - start)) {
                out.add(stem(stemmer, buf, start, i));
            }
        }
        return out;
    }

    static String stem(RussianStemmer stemmer, char[] buf, int start, int end) {
        if (!isCyrillicWord(buf, start, end)) {
            return new String(buf, start, end - start);
        }
        char[] scratch = new char[end - start + 8];
        System.arraycopy(buf, start, scratch, 0, end - start);
        stemmer.setCurrent(scratch, end - start);
        stemmer.stem();
        return new String(stemmer.getCurrentBuffer(), 0, stemmer.getCurrentBufferLength());
    }
}
