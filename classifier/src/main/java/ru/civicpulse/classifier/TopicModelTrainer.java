package ru.civicpulse.classifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ru.civicpulse.classifier.text.FeatureConfig;
import ru.civicpulse.classifier.text.RussianTokens;
import ru.civicpulse.classifier.text.TextNormalizer;

/**
 * Fits a {@link TopicModel}: hashed features → vocabulary of buckets seen in at least
 * {@code minDf} documents → sublinear TF × IDF (optionally × a naive-Bayes scale per feature,
 * {@link TrainingVectors#nbScale}), L2-normalised → liblinear L2-loss linear SVM
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
        TrainingVectors.Docs docs = TrainingVectors.extract(all, baseConfig, progress);
        Labels labels = new Labels(yGroup, yTopic, groups.size(), topics.size(), topicGroups, weight, data.size(), sameText(data));
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
        TrainingVectors.Vectors v = TrainingVectors.vectorise(docs, rows, rows, minDf, plan.charWeight, plan.nbWeight, labels.finest(), labels.finestCount());
        boolean twoLevel = withTopics && plan.twoLevel;
        LinearLayer groupLayer = null;
        LinearLayer topicLayer = null;
        if (!withTopics || twoLevel) {
            progress.progress("train groups", 0.0);
            groupLayer = LayerFit.fit(v.x(), rows, weight, yGroup, v.features(), groups.size(), plan.groupC, plan.groupWeightPower, options);
            progress.progress("train groups", 1.0);
        }
        if (withTopics) {
            progress.progress("train topics", 0.0);
            topicLayer = LayerFit.fit(v.x(), rows, weight, yTopic, v.features(), topics.size(), plan.topicC, plan.topicWeightPower, options);
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
                withTopics ? plan.topicTemperature : 0, plan.groupCalibration, withTopics ? plan.topicCalibration : null);
        return new TopicModel(info, header, v.buckets(), v.idf(), groupLayer, topicLayer);
    }

    /**
     * Class ids per example, the group of each topic, how often each example counts, how many are
     * data (not corrections), and per data example an id shared by the examples with the same text.
     */
    record Labels(int[] group, int[] topic, int groups, int topics, int[] topicGroups, int[] weight, int dataSize,
            int[] sameText) {
        /** The finest labels (topics if any): what the naive-Bayes feature scale is learnt from. */
        int[] finest() {
            return topic != null ? topic : group;
        }

        int finestCount() {
            return topic != null ? topics : groups;
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
        /** Maps of the top group's / topic's probability to its hit rate ({@code null}: none fitted). */
        ConfidenceMap groupCalibration;
        ConfidenceMap topicCalibration;

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

    /**
     * Per example, an id (0, 1, … in order of first appearance) shared by the examples whose texts
     * read the same once normalised, punctuation and spacing aside: the unit the validation split
     * keeps on one side.
     */
    static int[] sameText(List<LabelledText> data) {
        Map<String, Integer> ids = new java.util.HashMap<>();
        int[] out = new int[data.size()];
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < out.length; i++) {
            String normalised = TextNormalizer.normalize(data.get(i).text());
            key.setLength(0);
            for (int j = 0; j < normalised.length(); j++) {
                char c = normalised.charAt(j);
                if (RussianTokens.isTokenChar(c)) {
                    key.append(c);
                } else if (key.length() > 0 && key.charAt(key.length() - 1) != ' ') {
                    key.append(' ');
                }
            }
            Integer id = ids.putIfAbsent(key.toString().strip(), ids.size());
            out[i] = id == null ? ids.size() - 1 : id;
        }
        return out;
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
