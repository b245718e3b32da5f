package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import java.util.Arrays;
import java.util.List;
import ru.civicpulse.classifier.text.FeatureConfig;
import ru.civicpulse.classifier.text.FeatureExtractor;

/**
 * The training side of the features: hashed buckets of every text counted once ({@link #extract}),
 * then, per fitting set, the vocabulary, IDF, optional naive-Bayes scale and the L2-normalised rows
 * liblinear fits on ({@link #vectorise}). Every candidate of {@link Selection} and the final fit go
 * through the same code; each text's weights come from {@link TfIdf#weigh}, as in {@link TopicModel}.
 */
final class TrainingVectors {
    private TrainingVectors() {
    }

    /** Hashed features of every text, counted once and reused by every candidate fit. */
    record Docs(int[][] buckets, int[][] counts, boolean[] isChar, int hashSize) {
    }

    /** The vocabulary (buckets, IDF × block weight) and the rows built with it ({@code null} for rows not asked for). */
    record Vectors(int[] buckets, float[] idf, Feature[][] x) {
        int features() {
            return buckets.length;
        }
    }

    static Docs extract(List<LabelledText> data, FeatureConfig config, ProgressListener progress) {
        FeatureExtractor extractor = new FeatureExtractor(config);
        int mask = extractor.mask();
        int n = data.size();
        int[][] docBuckets = new int[n][];
        int[][] docCounts = new int[n][];
        boolean[] isChar = new boolean[1 << config.hashBits()];
        for (int i = 0; i < n; i++) {
            FeatureExtractor.Buffer raw = extractor.extract(data.get(i).text());
            int[] b = new int[raw.size];
            for (int j = 0; j < raw.size; j++) {
                int v = raw.data[j];
                b[j] = v & mask;
                if ((v & FeatureExtractor.CHAR_FLAG) != 0) {
                    isChar[b[j]] = true;
                }
            }
            Arrays.sort(b);
            int unique = 0;
            int[] counts = new int[b.length];
            for (int j = 0; j < b.length; j++) {
                if (unique > 0 && b[unique - 1] == b[j]) {
                    counts[unique - 1]++;
                } else {
                    b[unique] = b[j];
                    counts[unique++] = 1;
                }
            }
            docBuckets[i] = Arrays.copyOf(b, unique);
            docCounts[i] = Arrays.copyOf(counts, unique);
            if (i % 2000 == 0) {
                progress.progress("features", (double) i / n);
            }
        }
        progress.progress("features", 1.0);
        return new Docs(docBuckets, docCounts, isChar, 1 << config.hashBits());
    }

    /**
     * Vocabulary = buckets in at least {@code minDf} of the {@code fitRows} documents, IDF from
     * them; builds the sublinear TF × IDF, L2-normalised rows (plus the bias feature) of {@code build}.
     * With {@code nbWeight} > 0 each feature's weight is also scaled by {@link #nbScale}^nbWeight,
     * learnt from the classes {@code y} of {@code fitRows}; the scale is folded into the stored IDF,
     * so prediction applies it at no cost.
     */
    static Vectors vectorise(Docs docs, int[] fitRows, int[] build, int minDf, float charWeight, double nbWeight,
            int[] y, int classes) {
        int[] df = new int[docs.hashSize()];
        for (int i : fitRows) {
            for (int b : docs.buckets()[i]) {
                df[b]++;
            }
        }
        int kept = 0;
        for (int v : df) {
            if (v >= minDf) {
                kept++;
            }
        }
        int n = fitRows.length;
        int[] buckets = new int[kept];
        float[] idf = new float[kept];
        int[] table = new int[df.length];
        Arrays.fill(table, -1);
        for (int b = 0, k = 0; b < df.length; b++) {
            if (df[b] >= minDf) {
                buckets[k] = b;
                table[b] = k;
                idf[k] = (float) (Math.log((n + 1.0) / (df[b] + 1.0)) + 1.0) * (docs.isChar()[b] ? charWeight : 1f);
                k++;
            }
        }
        if (nbWeight > 0) {
            float[] scale = nbScale(docs, fitRows, table, kept, y, classes);
            for (int f = 0; f < kept; f++) {
                idf[f] *= (float) Math.pow(scale[f], nbWeight);
            }
        }
        Feature[][] x = new Feature[docs.buckets().length][];
        int[] idx = new int[0];
        int[] tf = new int[0];
        float[] values = new float[0];
        for (int i : build) {
            int[] b = docs.buckets()[i];
            int[] c = docs.counts()[i];
            if (idx.length < b.length) {
                idx = new int[b.length];
                tf = new int[b.length];
                values = new float[b.length];
            }
            int m = 0;
            for (int j = 0; j < b.length; j++) {
                int f = table[b[j]];
                if (f >= 0) {
                    idx[m] = f;
                    tf[m++] = c[j];
                }
            }
            float inv = TfIdf.weigh(idx, tf, m, idf, values);
            Feature[] row = new Feature[m + 1];
            for (int j = 0; j < m; j++) {
                row[j] = new FeatureNode(idx[j] + 1, values[j] * inv);
            }
            row[m] = new FeatureNode(kept + 1, 1.0); // bias term
            x[i] = row;
        }
        return new Vectors(buckets, idf, x);
    }

    /**
     * Naive-Bayes scale of each feature (the multi-class form of NBSVM's log-count ratio): for each
     * class c, r = ln((p + 1) / (|p| + V)) − ln((q + 1) / (|q| + V)), where p and q count the
     * documents of class c and of the other classes that contain the feature, |p| and |q| the
     * feature occurrences of those documents, V the vocabulary size; the scale is the largest |r|
     * over the classes. A feature spread evenly over the classes gets a scale near 0, one that
     * marks a class (by presence or by absence) a large one. One scale per feature, not per class,
     * keeps one shared vector for every one-vs-rest classifier.
     */
    static float[] nbScale(Docs docs, int[] fitRows, int[] table, int features, int[] y, int classes) {
        int[][] rowsOf = new int[classes][];
        int[] perClass = new int[classes];
        for (int i : fitRows) {
            perClass[y[i]]++;
        }
        for (int c = 0; c < classes; c++) {
            rowsOf[c] = new int[perClass[c]];
            perClass[c] = 0;
        }
        for (int i : fitRows) {
            rowsOf[y[i]][perClass[y[i]]++] = i;
        }
        int[] all = new int[features];
        long total = 0;
        for (int i : fitRows) {
            for (int b : docs.buckets()[i]) {
                int f = table[b];
                if (f >= 0) {
                    all[f]++;
                    total++;
                }
            }
        }
        float[] scale = new float[features];
        int[] p = new int[features];
        for (int c = 0; c < classes; c++) {
            if (rowsOf[c].length == 0) {
                continue;
            }
            Arrays.fill(p, 0);
            long inClass = 0;
            for (int i : rowsOf[c]) {
                for (int b : docs.buckets()[i]) {
                    int f = table[b];
                    if (f >= 0) {
                        p[f]++;
                        inClass++;
                    }
                }
            }
            double pNorm = Math.log(inClass + (double) features);
            double qNorm = Math.log(total - inClass + (double) features);
            for (int f = 0; f < features; f++) {
                double r = Math.log(p[f] + 1.0) - pNorm - (Math.log(all[f] - p[f] + 1.0) - qNorm);
                scale[f] = (float) Math.max(scale[f], Math.abs(r));
            }
        }
        return scale;
    }
}
