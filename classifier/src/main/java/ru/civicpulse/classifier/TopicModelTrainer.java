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
 * {@code minDf} documents → sublinear TF × IDF (optionally × a naive-Bayes scale per feature,
 * {@link #nbScale}), L2-normalised → liblinear L2-loss linear SVM
 * (one-vs-rest, dual solver). Small corpora (under {@value #SMALL_CORPUS} examples) keep every
 * bucket, since a minimum document frequency would throw most of them away. Unless switched off,
 * {@link Selection} first chooses the settings and softmax temperatures on a validation split of
 * the training data; features are extracted once and shared by every candidate fit.
 */
public final class TopicModelTrainer {
    static final int SMALL_CORPUS = 500;
    /** Fewer examples than this are too few to split: options are used as given, not calibrated. */
    static final int MIN_SELECTION = 30;
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    static {
        Linear.disableDebugOutput();
    }

    public TopicModel train(List<LabelledText> data, TrainingOptions options, ProgressListener progress) {
        return train(data, List.of(), options, progress);
    }

    /**
     * Fits a model on {@code data} plus analysts' {@code corrections} (texts with the labels an
     * analyst set); each correction counts as {@code options.correctionWeight()} examples (rounded,
     * at least 1). Corrections always stay on the fitting side of the validation split.
     */
    public TopicModel train(List<LabelledText> data, List<LabelledText> corrections, TrainingOptions options,
            ProgressListener progress) {
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        List<LabelledText> all = new ArrayList<>(data);
        all.addAll(corrections == null ? List.of() : corrections);
        for (LabelledText t : all) {
            if (t.group() == null || t.group().isBlank()) {
                throw new IllegalArgumentException("an example has no label: " + abbreviate(t.text()));
            }
        }
        List<String> groups = new ArrayList<>(new TreeSet<>(all.stream().map(LabelledText::group).toList()));
        if (groups.size() < 2) {
            throw new IllegalArgumentException("training needs at least two labels, found " + groups);
        }
        boolean withTopics = all.stream().allMatch(t -> t.topic() != null && !t.topic().isBlank());
        Map<String, Integer> groupIndex = indexOf(groups);

        // Topic classes are (group, topic) pairs, so a topic name reused in two groups stays two classes.
        TreeMap<String, int[]> topicKeys = new TreeMap<>();
        if (withTopics) {
            for (LabelledText t : all) {
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

        int n = all.size();
        int[] weight = new int[n];
        int repeat = (int) Math.max(1, Math.round(options.correctionWeight()));
        for (int i = 0; i < n; i++) {
            weight[i] = i < data.size() ? 1 : repeat;
        }
        int[] yGroup = new int[n];
        int[] yTopic = withTopics ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            LabelledText t = all.get(i);
            yGroup[i] = groupIndex.get(t.group());
            if (withTopics) {
                yTopic[i] = topicIndex.get(t.topic() + '\u0000' + t.group());
            }
        }

        FeatureConfig baseConfig = options.features();
        Docs docs = extract(all, baseConfig, progress);
        Labels labels = new Labels(yGroup, yTopic, groups.size(), topics.size(), topicGroups, weight, data.size());
        Plan plan = Plan.of(options, withTopics);
        Map<String, String> report = new LinkedHashMap<>();
        if (data.size() >= MIN_SELECTION && (options.select() || options.calibrate())) {
            plan = new Selection(docs, labels, options, progress).run(report);
        }

        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        int minDf = n < SMALL_CORPUS ? 1 : Math.max(1, options.minDf());
        Vectors v = vectorise(docs, rows, rows, minDf, plan.charWeight, plan.nbWeight, labels.finest(), labels.finestCount());
        boolean twoLevel = withTopics && plan.twoLevel;
        LinearLayer groupLayer = null;
        LinearLayer topicLayer = null;
        if (!withTopics || twoLevel) {
            progress.progress("train groups", 0.0);
            groupLayer = fit(v.x, rows, weight, yGroup, v.features(), groups.size(), plan.groupC, plan.groupWeightPower, options);
            progress.progress("train groups", 1.0);
        }
        if (withTopics) {
            progress.progress("train topics", 0.0);
            topicLayer = fit(v.x, rows, weight, yTopic, v.features(), topics.size(), plan.topicC, plan.topicWeightPower, options);
            progress.progress("train topics", 1.0);
        }

        String sha = sha256(all);
        Instant now = Instant.now();
        Map<String, String> params = options.asMap();
        params.put("c", Double.toString(withTopics && !twoLevel ? plan.topicC : plan.groupC));
        params.put("weightPower", Double.toString(withTopics && !twoLevel ? plan.topicWeightPower : plan.groupWeightPower));
        if (withTopics) {
            params.put("topicC", Double.toString(plan.topicC));
            params.put("topicWeightPower", Double.toString(plan.topicWeightPower));
        }
        params.put("twoLevel", Boolean.toString(twoLevel));
        params.put("charWeight", Float.toString(plan.charWeight));
        params.put("nbWeight", Double.toString(plan.nbWeight));
        params.put("temperature", Double.toString(plan.groupTemperature));
        if (withTopics) {
            params.put("topicTemperature", Double.toString(plan.topicTemperature));
        }
        params.put("minDfApplied", Integer.toString(minDf));
        params.put("features", Integer.toString(v.features()));
        if (!corrections.isEmpty()) {
            params.put("corrections", Integer.toString(corrections.size()));
        }
        params.putAll(report);
        ModelInfo info = new ModelInfo(VERSION_TIME.format(now) + "-" + sha.substring(0, 8), now, sha, n,
                List.copyOf(groups), withTopics ? List.copyOf(new TreeSet<>(topics)) : List.of(), params, null);
        FeatureConfig config = new FeatureConfig(baseConfig.hashBits(), baseConfig.wordNgrams(), baseConfig.charMin(),
                baseConfig.charMax(), plan.charWeight);
        TopicModel.Header header = new TopicModel.Header(TopicModel.FORMAT, config, plan.groupTemperature,
                groups, withTopics ? topics : null, withTopics ? topicGroups : null, groupLayer != null, topicLayer != null,
                withTopics ? plan.topicTemperature : 0);
        return new TopicModel(info, header, v.buckets, v.idf, groupLayer, topicLayer);
    }

    /** Hashed features of every text, counted once and reused by every candidate fit. */
    record Docs(int[][] buckets, int[][] counts, boolean[] isChar, int hashSize) {
    }

    /** Class ids per example, the group of each topic, how often each example counts, and how many are data (not corrections). */
    record Labels(int[] group, int[] topic, int groups, int topics, int[] topicGroups, int[] weight, int dataSize) {
        /** The finest labels (topics if any): what the naive-Bayes feature scale is learnt from. */
        int[] finest() {
            return topic != null ? topic : group;
        }

        int finestCount() {
            return topic != null ? topics : groups;
        }
    }

    /** The vocabulary (buckets, IDF × block weight) and the rows built with it ({@code null} for rows not asked for). */
    record Vectors(int[] buckets, float[] idf, Feature[][] x) {
        int features() {
            return buckets.length;
        }
    }

    /** What to fit: per-level regularisation and class-weight strength, block weight, structure and temperatures. */
    static final class Plan {
        double groupC;
        double groupWeightPower;
        double topicC;
        double topicWeightPower;
        float charWeight;
        double nbWeight;
        boolean twoLevel;
        double groupTemperature;
        double topicTemperature;

        static Plan of(TrainingOptions o, boolean withTopics) {
            Plan p = new Plan();
            p.groupC = o.c();
            p.topicC = o.c();
            p.groupWeightPower = o.weightPower();
            p.topicWeightPower = o.weightPower();
            p.charWeight = o.charWeight();
            p.nbWeight = o.nbWeight();
            p.twoLevel = o.twoLevel();
            p.groupTemperature = o.temperature();
            p.topicTemperature = o.temperature();
            return p;
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
        for (int i : build) {
            int[] b = docs.buckets()[i];
            int[] c = docs.counts()[i];
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

    /** One linear layer on {@code rows} (each repeated {@code weight[row]} times) with labels {@code y}. */
    static LinearLayer fit(Feature[][] x, int[] rows, int[] weight, int[] y, int features, int classes, double c,
            double weightPower, TrainingOptions options) {
        int l = 0;
        for (int r : rows) {
            l += weight[r];
        }
        Feature[][] px = new Feature[l][];
        double[] py = new double[l];
        int k = 0;
        for (int r : rows) {
            for (int w = 0; w < weight[r]; w++) {
                px[k] = x[r];
                py[k++] = y[r];
            }
        }
        Problem problem = new Problem();
        problem.l = l;
        problem.n = features + 1;
        problem.x = px;
        problem.y = py;
        problem.bias = 1.0;
        SolverType solver = TrainingOptions.CRAMMER_SINGER.equals(options.solver()) ? SolverType.MCSVM_CS : SolverType.L2R_L2LOSS_SVC_DUAL;
        Parameter parameter = new Parameter(solver, c, 0.1);
        parameter.setRandom(new java.util.Random(1)); // own generator: reproducible, and safe when fits run in parallel
        if (options.balanced()) {
            int[] counts = new int[classes];
            for (double v : py) {
                counts[(int) v]++;
            }
            List<Integer> present = new ArrayList<>();
            for (int cl = 0; cl < classes; cl++) {
                if (counts[cl] > 0) {
                    present.add(cl);
                }
            }
            double[] weights = new double[present.size()];
            int[] labels = new int[present.size()];
            for (int i = 0; i < present.size(); i++) {
                int cl = present.get(i);
                labels[i] = cl;
                // inverse frequency, damped by the power (0.5 = square root): rare classes get more weight
                // without swamping the common ones
                double inverse = (double) l / (present.size() * counts[cl]);
                weights[i] = weightPower == 0.5 ? Math.sqrt(inverse) : Math.pow(inverse, weightPower);
            }
            parameter.setWeights(weights, labels);
        }
        if (l == 0) {
            throw new IllegalArgumentException("no examples to fit");
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
