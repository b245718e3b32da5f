package ru.civicpulse.classifier.text;

import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * 64-bit FNV-1a hashes of the stems {@link #stems} gives (the same text, the same order),
     * without building strings.
     */
    public static long[] stemHashes64(String normalised) {
        char[] buf = normalised.toCharArray();
        long[] out = new long[16];
        int count = 0;
        StemCache cache = STEM_CACHE.get();
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
                long h = isCyrillicWord(buf, start, i) ? cache.stemHash(buf, start, i) : fnv64(buf, start, i - start);
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = h;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static final ThreadLocal<StemCache> STEM_CACHE = ThreadLocal.withInitial(StemCache::new);

    /** 64-bit stem hashes of recently seen words, direct-mapped by the word: stemming is the costly part. */
    private static final class StemCache {
        static final int SLOTS = 2048;
        static final int MAX_WORD = 24;
        final RussianStemmer stemmer = new RussianStemmer();
        final char[] words = new char[SLOTS * MAX_WORD];
        final byte[] lengths = new byte[SLOTS];
        final long[] hashes = new long[SLOTS];
        char[] scratch = new char[64];

        long stemHash(char[] buf, int start, int end) {
            int len = end - start;
            long wordHash = fnv64(buf, start, len);
            int slot = (int) (wordHash ^ (wordHash >>> 29)) & (SLOTS - 1);
            if (len <= MAX_WORD && lengths[slot] == len && Arrays.equals(words, slot * MAX_WORD, slot * MAX_WORD + len, buf, start, end)) {
                return hashes[slot];
            }
            if (scratch.length < len + 8) {
                scratch = new char[len + 16];
            }
            System.arraycopy(buf, start, scratch, 0, len); // the stemmer works in place
            stemmer.setCurrent(scratch, len);
            stemmer.stem();
            long h = fnv64(stemmer.getCurrentBuffer(), 0, stemmer.getCurrentBufferLength());
            if (len <= MAX_WORD) {
                System.arraycopy(buf, start, words, slot * MAX_WORD, len);
                lengths[slot] = (byte) len;
                hashes[slot] = h;
            }
            return h;
        }
    }

    private static long fnv64(char[] buf, int start, int len) {
        long h = 0xCBF29CE484222325L;
        for (int i = start; i < start + len; i++) {
            h = (h ^ buf[i]) * 0x100000001B3L;
        }
        return h;
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
