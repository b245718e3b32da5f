package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ru.civicpulse.classifier.text.FeatureConfig;
import ru.civicpulse.classifier.text.FeatureExtractor;

/**
 * Fits a {@link TopicModel}: hashed features → vocabulary of buckets seen in at least
 * {@code minDf} documents → sublinear TF × IDF, L2-normalised → liblinear L2-loss linear SVM
 * (one-vs-rest, dual solver). Small corpora (under {@value #SMALL_CORPUS} examples) keep every
 * bucket, since a minimum document frequency would throw most of them away.
 */
public final class TopicModelTrainer {
    static final int SMALL_CORPUS = 500;
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    static {
        Linear.disableDebugOutput();
    }

    public TopicModel train(List<LabelledText> data, TrainingOptions options, ProgressListener progress) {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        for (LabelledText t : data) {
            if (t.group() == null || t.group().isBlank()) {
                throw new IllegalArgumentException("an example has no label: " + abbreviate(t.text()));
            }
        }
        List<String> groups = new ArrayList<>(new TreeSet<>(data.stream().map(LabelledText::group).toList()));
        if (groups.size() < 2) {
            throw new IllegalArgumentException("training needs at least two labels, found " + groups);
        }
        boolean withTopics = data.stream().allMatch(t -> t.topic() != null && !t.topic().isBlank());
        Map<String, Integer> groupIndex = indexOf(groups);

        // Topic classes are (group, topic) pairs, so a topic name reused in two groups stays two classes.
        TreeMap<String, int[]> topicKeys = new TreeMap<>();
        if (withTopics) {
            for (LabelledText t : data) {
                topicKeys.computeIfAbsent(t.topic() + '\u0000' + t.group(), k -> new int[] {groupIndex.get(t.group())});
            }
            if (topicKeys.size() < 2) {
                withTopics = false;
            }
        }
        List<String> topics = new ArrayList<>();
        int[] topicGroups = new int[topicKeys.size()];
        Map<String, Integer> topicIndex = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : topicKeys.entrySet()) {
            topicGroups[topics.size()] = e.getValue()[0];
            topicIndex.put(e.getKey(), topics.size());
            topics.add(e.getKey().substring(0, e.getKey().indexOf('\u0000')));
        }

        FeatureConfig config = options.features();
        FeatureExtractor extractor = new FeatureExtractor(config);
        int mask = extractor.mask();
        int n = data.size();
        int[][] docBuckets = new int[n][];
        int[][] docCounts = new int[n][];
        int[] df = new int[1 << config.hashBits()];
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
                    df[b[j]]++;
                }
            }
            docBuckets[i] = Arrays.copyOf(b, unique);
            docCounts[i] = Arrays.copyOf(counts, unique);
            if (i % 2000 == 0) {
                progress.progress("features", (double) i / n);
            }
        }
        progress.progress("features", 1.0);

        int minDf = n < SMALL_CORPUS ? 1 : Math.max(1, options.minDf());
        int kept = 0;
        for (int v : df) {
            if (v >= minDf) {
                kept++;
            }
        }
        int[] buckets = new int[kept];
        float[] idf = new float[kept];
        int[] table = new int[df.length];
        Arrays.fill(table, -1);
        for (int b = 0, k = 0; b < df.length; b++) {
            if (df[b] >= minDf) {
                buckets[k] = b;
                table[b] = k;
                idf[k] = (float) (Math.log((n + 1.0) / (df[b] + 1.0)) + 1.0) * (isChar[b] ? config.charWeight() : 1f);
                k++;
            }
        }

        Feature[][] x = new Feature[n][];
        for (int i = 0; i < n; i++) {
            int[] b = docBuckets[i];
            int[] c = docCounts[i];
            int m = 0;
            double norm2 = 0;
            float[] values = new float[b.length];
            int[] idx = new int[b.length];
            for (int j = 0; j < b.length; j++) {
                int f = table[b[j]];
                if (f >= 0) {
                    float v = (float) (1 + Math.log(c[j])) * idf[f];
                    idx[m] = f;
                    values[m++] = v;
                    norm2 += v * v;
                }
            }
            float inv = norm2 > 0 ? (float) (1 / Math.sqrt(norm2)) : 0f;
            Feature[] row = new Feature[m + 1];
            for (int j = 0; j < m; j++) {
                row[j] = new FeatureNode(idx[j] + 1, values[j] * inv);
            }
            row[m] = new FeatureNode(kept + 1, 1.0); // bias term
            x[i] = row;
            docBuckets[i] = null;
            docCounts[i] = null;
        }

        boolean twoLevel = withTopics && options.twoLevel();
        LinearLayer groupLayer = null;
        LinearLayer topicLayer = null;
        if (!withTopics || twoLevel) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = groupIndex.get(data.get(i).group());
            }
            progress.progress("train groups", 0.0);
            groupLayer = fit(x, y, kept, groups.size(), options);
            progress.progress("train groups", 1.0);
        }
        if (withTopics) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                LabelledText t = data.get(i);
                y[i] = topicIndex.get(t.topic() + '\u0000' + t.group());
            }
            progress.progress("train topics", 0.0);
            topicLayer = fit(x, y, kept, topics.size(), options);
            progress.progress("train topics", 1.0);
        }

        String sha = sha256(data);
        Instant now = Instant.now();
        Map<String, String> params = options.asMap();
        params.put("minDfApplied", Integer.toString(minDf));
        params.put("features", Integer.toString(kept));
        ModelInfo info = new ModelInfo(VERSION_TIME.format(now) + "-" + sha.substring(0, 8), now, sha, n,
                List.copyOf(groups), withTopics ? List.copyOf(new TreeSet<>(topics)) : List.of(), params, null);
        TopicModel.Header header = new TopicModel.Header(TopicModel.FORMAT, config, options.temperature(),
                groups, withTopics ? topics : null, withTopics ? topicGroups : null, groupLayer != null, topicLayer != null);
        return new TopicModel(info, header, buckets, idf, groupLayer, topicLayer);
    }

    private static LinearLayer fit(Feature[][] x, double[] y, int features, int classes, TrainingOptions options) {
        Problem problem = new Problem();
        problem.l = x.length;
        problem.n = features + 1;
        problem.x = x;
        problem.y = y;
        problem.bias = 1.0;
        SolverType solver = TrainingOptions.CRAMMER_SINGER.equals(options.solver()) ? SolverType.MCSVM_CS : SolverType.L2R_L2LOSS_SVC_DUAL;
        Parameter parameter = new Parameter(solver, options.c(), 0.1);
        parameter.setRandom(new java.util.Random(1)); // own generator: reproducible, and safe when fits run in parallel
        if (options.balanced()) {
            int[] counts = new int[classes];
            for (double v : y) {
                counts[(int) v]++;
            }
            List<Integer> present = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                if (counts[c] > 0) {
                    present.add(c);
                }
            }
            double[] weights = new double[present.size()];
            int[] labels = new int[present.size()];
            for (int k = 0; k < present.size(); k++) {
                int c = present.get(k);
                labels[k] = c;
                // inverse frequency, damped by the power (0.5 = square root): rare classes get more weight
                // without swamping the common ones
                double inverse = (double) y.length / (present.size() * counts[c]);
                weights[k] = options.weightPower() == 0.5 ? Math.sqrt(inverse) : Math.pow(inverse, options.weightPower());
            }
            parameter.setWeights(weights, labels);
        }
        Model model = Linear.train(problem, parameter);
        return LinearLayer.fromLiblinear(model, classes, features);
    }

    static String sha256(List<LabelledText> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LabelledText t : data) {
                md.update(String.valueOf(t.text()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0x1F);
                md.update(t.group().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0x1F);
                md.update(String.valueOf(t.topic()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> indexOf(List<String> labels) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String l : labels) {
            m.put(l, m.size());
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
