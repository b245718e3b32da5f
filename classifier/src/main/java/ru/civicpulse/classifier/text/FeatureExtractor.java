package ru.civicpulse.classifier.text;

import java.util.Arrays;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Turns a raw text into hashed feature buckets without building n-gram strings: stems are hashed
 * once and combined into bigram hashes; character n-grams are hashed incrementally from each start
 * position (FNV-1a steps, Murmur3 finaliser). Buckets of character n-grams carry {@link #CHAR_FLAG}
 * so training can weight the two blocks differently. Thread-safe: per-thread scratch buffers.
 *
 * <p>Given a bucket → feature table (a trained model's vocabulary), {@link #extractIds} yields
 * feature ids instead, and remembers per thread what each recently seen word contributes (its
 * character n-grams and stem as feature ids), so a frequent word costs one cache probe instead of
 * stemming, dozens of n-gram hashes and random reads in the table. The ids are exactly those of
 * {@link #extract} mapped through the table, in the same order.
 */
public final class FeatureExtractor {
    /** Marks a bucket produced by a character n-gram; strip with {@code & mask()}. */
    public static final int CHAR_FLAG = 1 << 30;

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int SEED_WORD = 0x3C6EF372;
    private static final int SEED_BIGRAM = 0x5F1A2B3D;
    /** Returned by {@link #word} for a stop word (stem hashes are ints, so this is out of their range). */
    private static final long STOP = Long.MIN_VALUE;
    /** Words remembered per thread (about 1.5 MB with their ids); longer words are not worth a slot. */
    private static final int CACHE_SLOTS = 8192;
    private static final int CACHE_MAX_WORD = 24;

    private final FeatureConfig config;
    private final int mask;
    private final int[] table;
    private final ThreadLocal<Work> work;

    public FeatureExtractor(FeatureConfig config) {
        this(config, null);
    }

    /** An extractor for a vocabulary: {@code table[bucket]} is a feature id, or negative for an unknown bucket. */
    public FeatureExtractor(FeatureConfig config, int[] table) {
        this.config = config;
        this.mask = (1 << config.hashBits()) - 1;
        if (table != null && table.length != mask + 1) {
            throw new IllegalArgumentException("the table must have one entry per bucket");
        }
        this.table = table;
        this.work = ThreadLocal.withInitial(() -> new Work(table != null));
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
        int n = w.normalize(rawText);
        char[] buf = w.text;
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
            if (i == start) {
                break;
            }
            long r = word(w, buf, start, i, out);
            if (r == STOP) {
                continue;
            }
            int h = (int) r;
            if (bigrams && hasPrev) {
                out.add(bigram(prev, h));
            }
            prev = h;
            hasPrev = true;
        }
        return out;
    }

    /**
     * Feature ids of a text (buckets mapped through the table given at construction, unknown ones
     * dropped), repeats included, in a per-thread buffer valid until the next call on this thread.
     */
    public Buffer extractIds(String rawText) {
        if (table == null) {
            throw new IllegalStateException("no vocabulary table");
        }
        Work w = work.get();
        Buffer out = w.out;
        out.size = 0;
        int n = w.normalize(rawText);
        char[] buf = w.text;
        boolean bigrams = config.wordNgrams() >= 2;
        WordCache cache = w.cache;
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
            long r;
            if (len <= CACHE_MAX_WORD) {
                int slot = cache.find(fmix(hash(buf, start, len)), buf, start, len);
                if (slot >= 0) {
                    out.addAll(cache.ids[slot]);
                    r = cache.stems[slot];
                } else {
                    Buffer scratch = w.scratchBuffer;
                    scratch.size = 0;
                    r = word(w, buf, start, i, scratch);
                    int[] ids = toIds(scratch);
                    cache.put(~slot, buf, start, len, ids, r);
                    out.addAll(ids);
                }
            } else {
                int from = out.size;
                r = word(w, buf, start, i, out);
                int to = from;
                for (int k = from; k < out.size; k++) {
                    int id = table[out.data[k] & mask];
                    if (id >= 0) {
                        out.data[to++] = id;
                    }
                }
                out.size = to;
            }
            if (r == STOP) {
                continue;
            }
            int h = (int) r;
            if (bigrams && hasPrev) {
                int id = table[bigram(prev, h) & mask];
                if (id >= 0) {
                    out.add(id);
                }
            }
            prev = h;
            hasPrev = true;
        }
        return out;
    }

    private int[] toIds(Buffer buckets) {
        int[] ids = new int[buckets.size];
        int m = 0;
        for (int k = 0; k < buckets.size; k++) {
            int id = table[buckets.data[k] & mask];
            if (id >= 0) {
                ids[m++] = id;
            }
        }
        return m == ids.length ? ids : Arrays.copyOf(ids, m);
    }

    /**
     * Adds the character n-grams of one token and, unless it is a stop word, its stem unigram to
     * {@code out}; returns the stem hash, or {@link #STOP}.
     */
    private long word(Work w, char[] buf, int start, int end, Buffer out) {
        if (config.charMax() > 0) {
            charNgrams(buf, start, end, config.charMin(), config.charMax(), out);
        }
        if (RussianTokens.isStopWord(buf, start, end - start)) {
            return STOP;
        }
        int h = stemHash(w, buf, start, end);
        out.add(fmix(h ^ SEED_WORD) & mask);
        return h;
    }

    private int bigram(int prev, int h) {
        return fmix(prev * FNV_PRIME + h + SEED_BIGRAM) & mask;
    }

    private int stemHash(Work w, char[] buf, int start, int end) {
        int len = end - start;
        if (!RussianTokens.isCyrillicWord(buf, start, end)) {
            return hash(buf, start, len);
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
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(int[] values) {
            int n = values.length;
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(size * 2, size + n));
            }
            System.arraycopy(values, 0, data, size, n);
            size += n;
        }
    }

    /**
     * What recently seen words contribute: the word (inline), its feature ids, its stem hash or STOP.
     * Two-way set associative, the least recently used way of a set is replaced, so a frequent word
     * is not pushed out by a rare one that hashes to the same set.
     */
    private static final class WordCache {
        final char[] words = new char[CACHE_SLOTS * CACHE_MAX_WORD];
        final byte[] lengths = new byte[CACHE_SLOTS];
        final int[][] ids = new int[CACHE_SLOTS][];
        final long[] stems = new long[CACHE_SLOTS];
        /** Per set (pair of slots): which way was used last. */
        final byte[] lastUsed = new byte[CACHE_SLOTS / 2];

        /** The slot holding the word, or {@code ~slot} of the slot to fill when it is absent. */
        int find(int hash, char[] buf, int start, int len) {
            int set = hash & (CACHE_SLOTS / 2 - 1);
            int first = set * 2;
            if (holds(first, buf, start, len)) {
                lastUsed[set] = 0;
                return first;
            }
            if (holds(first + 1, buf, start, len)) {
                lastUsed[set] = 1;
                return first + 1;
            }
            int victim = first + 1 - lastUsed[set];
            lastUsed[set] = (byte) (victim - first);
            return ~victim;
        }

        private boolean holds(int slot, char[] buf, int start, int len) {
            if (lengths[slot] != len) {
                return false;
            }
            int base = slot * CACHE_MAX_WORD;
            for (int k = 0; k < len; k++) {
                if (words[base + k] != buf[start + k]) {
                    return false;
                }
            }
            return true;
        }

        void put(int slot, char[] buf, int start, int len, int[] wordIds, long stem) {
            System.arraycopy(buf, start, words, slot * CACHE_MAX_WORD, len);
            lengths[slot] = (byte) len;
            ids[slot] = wordIds;
            stems[slot] = stem;
        }
    }

    private static final class Work {
        final RussianStemmer stemmer = new RussianStemmer();
        final Buffer out = new Buffer();
        final Buffer scratchBuffer = new Buffer();
        final WordCache cache;
        final TextNormalizer.Chars norm = new TextNormalizer.Chars();
        char[] text;
        char[] scratch = new char[64];

        Work(boolean withCache) {
            cache = withCache ? new WordCache() : null;
        }

        /** Normalises into {@link #text}; returns the length. */
        int normalize(String raw) {
            TextNormalizer.normalize(raw, norm);
            text = norm.buf;
            return norm.len;
        }
    }
}
