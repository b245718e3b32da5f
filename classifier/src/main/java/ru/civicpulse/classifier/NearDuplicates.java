package ru.civicpulse.classifier;

import ru.civicpulse.classifier.text.RussianTokens;
import ru.civicpulse.classifier.text.TextNormalizer;

/**
 * 64-bit SimHash over stemmed word unigrams and bigram shingles of the normalised text, so case,
 * punctuation, declension and a changed word or two move the signature by few bits. Two texts
 * about the same problem are within {@link #SAME_PROBLEM_MAX_DISTANCE} bits of each other.
 */
public final class NearDuplicates {
    /**
     * Chosen by experiment (README, "Near-duplicate threshold"): of 3,000 reworded copies of real
     * reports (shouted without punctuation, a phrase added, a word dropped, a typo) 90% were within
     * 12 bits, while of 3,000 pairs of different reports with the same fine label 0.3% were.
     */
    public static final int SAME_PROBLEM_MAX_DISTANCE = 12;

    private NearDuplicates() {
    }

    public static long simhash(String text) {
        return simhashNormalized(TextNormalizer.normalize(text == null ? "" : text));
    }

    /** {@link #simhash} of a text already put through {@link TextNormalizer#normalize}. */
    static long simhashNormalized(String norm) {
        long[] stems = RussianTokens.stemHashes64(norm);
        if (stems.length == 0) {
            return 0L;
        }
        int[] votes = new int[64];
        long prev = 0;
        for (int i = 0; i < stems.length; i++) {
            long h = mix64(stems[i]);
            add(votes, h);
            if (i > 0) {
                add(votes, mix64(prev * 0x9E3779B97F4A7C15L + h));
            }
            prev = h;
        }
        long sig = 0;
        for (int b = 0; b < 64; b++) {
            if (votes[b] > 0) {
                sig |= 1L << b;
            }
        }
        return sig;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static void add(int[] votes, long h) {
        for (int b = 0; b < 64; b++) {
            votes[b] += ((h >>> b) & 1L) != 0 ? 1 : -1;
        }
    }

    /** Murmur3's 64-bit finaliser. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB93FE1A85B63L;
        return z ^ (z >>> 33);
    }
}
