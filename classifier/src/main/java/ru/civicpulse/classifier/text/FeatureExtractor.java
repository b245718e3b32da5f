package ru.civicpulse.classifier.text;

import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Turns a raw text into hashed feature buckets without building n-gram strings: stems are hashed
 * once and combined into bigram hashes; character n-grams are hashed incrementally from each start
 * position (FNV-1a steps, Murmur3 finaliser). Buckets of character n-grams carry {@link #CHAR_FLAG}
 * so training can weight the two blocks differently. Thread-safe: per-thread scratch buffers.
 */
public final class FeatureExtractor {
    /** Marks a bucket produced by a character n-gram; strip with {@code & mask()}. */
    public static final int CHAR_FLAG = 1 << 30;

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int SEED_WORD = 0x3C6EF372;
    private static final int SEED_BIGRAM = 0x5F1A2B3D;

    private final FeatureConfig config;
    private final int mask;
    private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);

    public FeatureExtractor(FeatureConfig config) {
        this.config = config;
        this.mask = (1 << config.hashBits()) - 1;
    }

    public FeatureConfig config() {
        return config;
    }

    public int mask() {
        return mask;
    }

    /** Raw features of a text, repeats included, in a per-thread buffer valid until the next call on this thread. */
    public Buffer extract(String rawText) {
        Work w = work.get();
        Buffer out = w.out;
        out.size = 0;
        String norm = TextNormalizer.normalize(rawText);
        int n = norm.length();
        if (w.text.length < n) {
            w.text = new char[n + 64];
        }
        char[] buf = w.text;
        norm.getChars(0, n, buf, 0);
        int charMin = config.charMin();
        int charMax = config.charMax();
        boolean bigrams = config.wordNgrams() >= 2;
        int prev = 0;
        boolean hasPrev = false;
        int i = 0;
        while (i < n) {
            while (i < n && !RussianTokens.isTokenChar(buf[i])) {
                i++;
            }
            int start = i;
            while (i < n && RussianTokens.isTokenChar(buf[i])) {
                i++;
            }
            int len = i - start;
            if (len == 0) {
                break;
            }
            if (charMax > 0) {
                charNgrams(buf, start, i, charMin, charMax, out);
            }
            if (RussianTokens.isStopWord(buf, start, len)) {
                continue;
            }
            int h = stemHash(w, buf, start, i);
            out.add(fmix(h ^ SEED_WORD) & mask);
            if (bigrams && hasPrev) {
                out.add(fmix(prev * FNV_PRIME + h + SEED_BIGRAM) & mask);
            }
            prev = h;
            hasPrev = true;
        }
        return out;
    }

    private int stemHash(Work w, char[] buf, int start, int end) {
        int len = end - start;
        if (!RussianTokens.isCyrillicWord(buf, start, end)) {
            return hash(buf, 0 + start, len);
        }
        if (w.scratch.length < len + 8) {
            w.scratch = new char[len + 16];
        }
        System.arraycopy(buf, start, w.scratch, 0, len);
        RussianStemmer stemmer = w.stemmer;
        stemmer.setCurrent(w.scratch, len);
        stemmer.stem();
        return hash(stemmer.getCurrentBuffer(), 0, stemmer.getCurrentBufferLength());
    }

    private void charNgrams(char[] buf, int start, int end, int charMin, int charMax, Buffer out) {
        // The word padded with a space on each side: position p in [start-1, end] reads ' ' outside the word.
        for (int s = start - 1; s <= end; s++) {
            int h = FNV_OFFSET;
            for (int k = 0; k < charMax; k++) {
                int p = s + k;
                if (p > end) {
                    break;
                }
                char c = (p < start || p == end) ? ' ' : buf[p];
                h = (h ^ c) * FNV_PRIME;
                int len = k + 1;
                if (len >= charMin && !(len == 1 && c == ' ')) {
                    out.add((fmix(h + len * 0x9E3779B9) & mask) | CHAR_FLAG);
                }
                if (p == end) {
                    break;
                }
            }
        }
    }

    static int hash(char[] buf, int start, int len) {
        int h = FNV_OFFSET;
        for (int i = start; i < start + len; i++) {
            h = (h ^ buf[i]) * FNV_PRIME;
        }
        return h;
    }

    /** Murmur3's 32-bit finaliser: spreads FNV states over all bits before masking. */
    static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** A growable int list reused per thread. */
    public static final class Buffer {
        public int[] data = new int[1024];
        public int size;

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }

    private static final class Work {
        final RussianStemmer stemmer = new RussianStemmer();
        final Buffer out = new Buffer();
        char[] text = new char[512];
        char[] scratch = new char[64];
    }
}
