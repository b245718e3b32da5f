package ru.civicpulse.classifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import ru.civicpulse.classifier.text.FeatureConfig;
import ru.civicpulse.classifier.text.FeatureExtractor;
import ru.civicpulse.contracts.EventJson;

/**
 * A trained topic classifier: the hashed-feature vocabulary with IDF weights, a linear layer for
 * groups and/or one for topics, and softmax calibration of their decision values. Immutable and
 * thread-safe; scratch space is per thread.
 *
 * <p>Persisted form: a ZIP with {@code info.json} (provenance), {@code model.json} (labels and
 * feature settings), {@code features.bin} (bucket ids, IDF) and {@code group.bin}/{@code topic.bin}
 * (float weights).
 */
public final class TopicModel {
    /**
     * 2: a separate, calibrated temperature for the topic layer ({@code topicTemperature}); 3: maps
     * of the top label's probability ({@code groupCalibration}, {@code topicCalibration}).
     */
    static final int FORMAT = 3;
    private static final String DEFAULT_RESOURCE = "/ru/civicpulse/classifier/default-model.bin";

    /**
     * Labels and settings stored next to the weights. {@code temperature} divides the group layer's
     * decision values before the softmax, {@code topicTemperature} the topic layer's (0 in models
     * written before it existed: the group temperature applies). {@code groupCalibration} and
     * {@code topicCalibration} map the top group's and the top topic's probability to the chance
     * that it is right ({@code null} in models written before them: the softmax probability stands).
     */
    record Header(int format, FeatureConfig features, double temperature, List<String> groups,
            List<String> topics, int[] topicGroups, boolean hasGroupLayer, boolean hasTopicLayer, double topicTemperature,
            ConfidenceMap groupCalibration, ConfidenceMap topicCalibration) {

        double topicT() {
            return topicTemperature > 0 ? topicTemperature : temperature;
        }
    }

    private final ModelInfo info;
    private final Header header;
    private final FeatureExtractor extractor;
    private final int[] buckets;
    private final float[] idf;
    private final LinearLayer groupLayer;
    /**
     * With a group layer, its columns are kept ordered by group ({@link #columnTopic} maps a column
     * back to the topic), so that one group's topics are scored as one stretch of each row.
     */
    private final LinearLayer topicLayer;
    private final int[] columnTopic;
    /** Columns {@code groupFrom[g]..groupTo[g]-1} of the topic layer are the topics of group g. */
    private final int[] groupFrom;
    private final int[] groupTo;
    private final ThreadLocal<Scratch> scratch;

    /** A model from its stored parts: features by bucket, layer columns in label order. */
    TopicModel(ModelInfo info, Header header, int[] buckets, float[] idf, LinearLayer groupLayer, LinearLayer topicLayer) {
        this.info = info;
        this.header = header;
        // Features in order of falling document frequency (rising IDF): the rows most texts touch lie
        // together, so scoring reads a few hot cache lines instead of rows scattered over megabytes.
        float[] byIdf = idf;
        int[] order = sortedOrder(idf.length, i -> ((long) Float.floatToIntBits(byIdf[i]) << 32) | i);
        this.buckets = permute(buckets, order);
        this.idf = permute(idf, order);
        this.groupLayer = groupLayer == null ? null : groupLayer.permuted(order, null);
        if (topicLayer != null && groupLayer != null) {
            int[] topicGroups = header.topicGroups();
            columnTopic = sortedOrder(topicGroups.length, t -> ((long) topicGroups[t] << 32) | t);
            groupFrom = new int[header.groups().size()];
            groupTo = new int[header.groups().size()];
            for (int c = columnTopic.length - 1; c >= 0; c--) {
                groupFrom[topicGroups[columnTopic[c]]] = c;
            }
            for (int c = 0; c < columnTopic.length; c++) {
                groupTo[topicGroups[columnTopic[c]]] = c + 1;
            }
            this.topicLayer = topicLayer.permuted(order, columnTopic);
        } else {
            columnTopic = null;
            groupFrom = null;
            groupTo = null;
            this.topicLayer = topicLayer == null ? null : topicLayer.permuted(order, null);
        }
        int[] table = new int[1 << header.features().hashBits()];
        Arrays.fill(table, -1);
        for (int i = 0; i < this.buckets.length; i++) {
            table[this.buckets[i]] = i;
        }
        this.extractor = new FeatureExtractor(header.features(), table);
        int maxClasses = Math.max(header.groups().size(), header.topics() == null ? 0 : header.topics().size());
        int groups = header.groups().size();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(this.buckets.length, maxClasses, groups));
    }

    /** The same model with other provenance. */
    private TopicModel(ModelInfo info, TopicModel model) {
        this.info = info;
        this.header = model.header;
        this.buckets = model.buckets;
        this.idf = model.idf;
        this.groupLayer = model.groupLayer;
        this.topicLayer = model.topicLayer;
        this.columnTopic = model.columnTopic;
        this.groupFrom = model.groupFrom;
        this.groupTo = model.groupTo;
        this.extractor = model.extractor;
        this.scratch = model.scratch;
    }

    public ModelInfo info() {
        return info;
    }

    /** The same model with held-out scores recorded in its provenance. */
    public TopicModel withHeldOutScores(EvaluationReport heldOut) {
        return new TopicModel(info.withHeldOut(heldOut), this);
    }

    public boolean hasTopics() {
        return topicLayer != null;
    }

    /** Number of hashed features the model knows. */
    int featureCount() {
        return buckets.length;
    }

    List<String> groups() {
        return header.groups();
    }

    List<String> topics() {
        return header.topics();
    }

    /**
     * Best first, at most k; confidences are probabilities and sum to at most 1. The first one is
     * calibrated: of many predictions with confidence 0.7, about 70% are right.
     */
    public List<ScoredLabel> predict(String text, int k) {
        Scratch s = scratch.get();
        int want = Math.min(k, topicLayer != null ? topicLayer.classes : groupLayer.classes);
        if (s.bestLabel.length < want) {
            s.bestLabel = new int[want];
            s.bestP = new double[want];
        }
        int n = groupLayer != null && topicLayer != null ? rankTwoLevel(text, k, s) : rankOneLayer(text, k, s);
        if (n == 0) {
            return List.of();
        }
        boolean topics = topicLayer != null;
        ConfidenceMap map = topics ? header.topicCalibration() : header.groupCalibration();
        // the top label through the map; the others share the rest in their proportions, never above the top
        double raw = s.bestP[0];
        double top = map == null ? raw : map.apply(raw);
        double rest = raw < 1 ? (1 - top) / (1 - raw) : 0;
        List<ScoredLabel> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double p = map == null ? s.bestP[i] : i == 0 ? top : Math.min(top, s.bestP[i] * rest);
            int label = s.bestLabel[i];
            out.add(topics
                    ? new ScoredLabel(header.groups().get(header.topicGroups()[label]), header.topics().get(label), p)
                    : new ScoredLabel(header.groups().get(label), null, p));
        }
        return out;
    }

    /** The k best labels of a model with one layer into {@code s.bestLabel}/{@code s.bestP}; returns how many. */
    private int rankOneLayer(String text, int k, Scratch s) {
        int touched = vectorise(text, s);
        LinearLayer layer = topicLayer != null ? topicLayer : groupLayer;
        double t = topicLayer != null ? header.topicT() : header.temperature();
        double[] probs = softmax(decide(layer, s, touched, 0, layer.classes), layer.classes, t, s.probs);
        return topK(probs, layer.classes, k, s.bestLabel, s.bestP);
    }

    /**
     * The k best topics of a group model plus a topic model, scoring only the topics of the groups
     * that can hold one: groups are visited from the most probable down, and since P(topic) =
     * P(group) · P(topic | group) ≤ P(group), a group less probable than the k-th best topic so far
     * (and every group after it) is skipped. P(topic | group) needs only the scores of the group's
     * own topics. Usually one or two of the groups are scored, not all topics.
     */
    private int rankTwoLevel(String text, int k, Scratch s) {
        int touched = vectorise(text, s);
        int groups = groupLayer.classes;
        double[] groupProbs = softmax(decide(groupLayer, s, touched, 0, groups), groups, header.temperature(), s.probs);
        int[] groupOrder = s.groupOrder;
        topK(groupProbs, groups, groups, groupOrder, s.groupOrderP);
        int n = Math.min(k, columnTopic.length);
        double[] bestP = s.bestP;
        int[] bestTopic = s.bestLabel;
        int filled = 0;
        double t = header.topicT();
        for (int gi = 0; gi < groups; gi++) {
            int g = groupOrder[gi];
            double pg = groupProbs[g];
            if (filled == n && pg <= bestP[n - 1]) {
                break;
            }
            int from = groupFrom[g];
            int width = groupTo[g] - from;
            float[] d = decide(topicLayer, s, touched, from, groupTo[g]);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                max = Math.max(max, d[c]);
            }
            double[] e = s.exps;
            double sum = 0;
            for (int c = 0; c < width; c++) {
                e[c] = Math.exp((d[c] - max) / t);
                sum += e[c];
            }
            for (int c = 0; c < width; c++) {
                double p = pg * e[c] / sum;
                int topic = columnTopic[from + c];
                // insert, best first; equal probabilities in topic order, as topK does
                int pos = filled;
                while (pos > 0 && (bestP[pos - 1] < p || (bestP[pos - 1] == p && bestTopic[pos - 1] > topic))) {
                    pos--;
                }
                if (pos < n) {
                    int last = Math.min(filled, n - 1);
                    System.arraycopy(bestP, pos, bestP, pos + 1, last - pos);
                    System.arraycopy(bestTopic, pos, bestTopic, pos + 1, last - pos);
                    bestP[pos] = p;
                    bestTopic[pos] = topic;
                    if (filled < n) {
                        filled++;
                    }
                }
            }
        }
        return filled;
    }

    /**
     * Group probabilities (always) and joint topic probabilities (when the model has topics), as the
     * softmax gives them (they rank the labels), and the calibrated probability of the top group and
     * of the top topic (0 without topics).
     */
    record Prediction(double[] groups, double[] topics, double groupConfidence, double topicConfidence) {
    }

    /** Every group's and topic's probability (evaluation ranks them all). */
    Prediction score(String text) {
        Scratch s = scratch.get();
        int touched = vectorise(text, s);
        double[] groupProbs;
        double[] topicProbs = null;
        if (topicLayer != null) {
            float[] decision = decide(topicLayer, s, touched, 0, topicLayer.classes);
            if (columnTopic != null) {
                // back from group order to topic order
                float[] byTopic = s.reordered;
                for (int c = 0; c < columnTopic.length; c++) {
                    byTopic[columnTopic[c]] = decision[c];
                }
                decision = byTopic;
            }
            double[] t = softmax(decision, topicLayer.classes, header.topicT());
            int groupsCount = header.groups().size();
            int[] tg = header.topicGroups();
            if (groupLayer == null) {
                // one topic model: a group's probability is the sum of its topics'
                groupProbs = new double[groupsCount];
                for (int i = 0; i < t.length; i++) {
                    groupProbs[tg[i]] += t[i];
                }
                topicProbs = t;
            } else {
                // two models: P(topic) = P(group) * P(topic | group), the latter renormalised within the group
                groupProbs = softmax(decide(groupLayer, s, touched, 0, groupLayer.classes), groupLayer.classes, header.temperature());
                double[] within = new double[groupsCount];
                for (int i = 0; i < t.length; i++) {
                    within[tg[i]] += t[i];
                }
                topicProbs = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    topicProbs[i] = within[tg[i]] > 0 ? groupProbs[tg[i]] * t[i] / within[tg[i]] : 0;
                }
            }
        } else {
            groupProbs = softmax(decide(groupLayer, s, touched, 0, groupLayer.classes), groupLayer.classes, header.temperature());
        }
        return new Prediction(groupProbs, topicProbs, calibrated(header.groupCalibration(), groupProbs),
                topicProbs == null ? 0 : calibrated(header.topicCalibration(), topicProbs));
    }

    private static double calibrated(ConfidenceMap map, double[] probs) {
        double max = 0;
        for (double p : probs) {
            max = Math.max(max, p);
        }
        return map == null ? max : map.apply(max);
    }

    /**
     * The text as a sparse vector in the scratch space: feature ids in {@code s.touched}, values
     * (1 + ln tf) × IDF in {@code s.values}, the inverse L2 norm in {@code s.inverseNorm}; returns
     * the number of features.
     */
    private int vectorise(String text, Scratch s) {
        FeatureExtractor.Buffer ids = extractor.extractIds(text);
        if (s.touched.length < ids.size) {
            s.touched = new int[ids.size];
            s.tf = new int[ids.size];
            s.values = new float[ids.size];
        }
        int[] counts = s.counts;
        int[] data = ids.data;
        int touched = 0;
        for (int i = 0; i < ids.size; i++) {
            int f = data[i];
            if (counts[f]++ == 0) {
                s.touched[touched++] = f;
            }
        }
        int[] tf = s.tf;
        for (int j = 0; j < touched; j++) {
            int f = s.touched[j];
            tf[j] = counts[f];
            counts[f] = 0;
        }
        s.inverseNorm = TfIdf.weigh(s.touched, tf, touched, idf, s.values);
        return touched;
    }

    /** The text's weights by bucket, L2-normalised, as scoring sees them (to compare with the training rows). */
    java.util.SortedMap<Integer, Float> vector(String text) {
        Scratch s = scratch.get();
        int touched = vectorise(text, s);
        java.util.SortedMap<Integer, Float> out = new java.util.TreeMap<>();
        for (int j = 0; j < touched; j++) {
            out.put(buckets[s.touched[j]], s.values[j] * s.inverseNorm);
        }
        return out;
    }

    /** Decision values of classes (columns) {@code from..to-1}, in {@code s.decision[0..to-from)}. */
    private static float[] decide(LinearLayer layer, Scratch s, int touched, int from, int to) {
        int classes = layer.classes;
        int width = to - from;
        float[] out = s.decision;
        Arrays.fill(out, 0, width, 0f);
        byte[] w = layer.weights;
        float[] values = s.values;
        int[] features = s.touched;
        int j = 0;
        // four feature rows at a time: each sum still adds the rows in text order (the same float
        // result as one row at a time), with a quarter of the loads and stores of the sums
        for (; j + 3 < touched; j += 4) {
            float v0 = values[j];
            float v1 = values[j + 1];
            float v2 = values[j + 2];
            float v3 = values[j + 3];
            int b0 = features[j] * classes + from;
            int b1 = features[j + 1] * classes + from;
            int b2 = features[j + 2] * classes + from;
            int b3 = features[j + 3] * classes + from;
            for (int c = 0; c < width; c++) {
                float sum = out[c];
                sum += v0 * w[b0 + c];
                sum += v1 * w[b1 + c];
                sum += v2 * w[b2 + c];
                sum += v3 * w[b3 + c];
                out[c] = sum;
            }
        }
        for (; j < touched; j++) {
            float v = values[j];
            int base = features[j] * classes + from;
            for (int c = 0; c < width; c++) {
                out[c] += v * w[base + c];
            }
        }
        float inv = s.inverseNorm;
        for (int c = 0; c < width; c++) {
            out[c] = out[c] * inv * layer.scale[from + c] + layer.bias[from + c];
        }
        return out;
    }

    private static double[] softmax(float[] decision, int classes, double t) {
        return softmax(decision, classes, t, new double[classes]);
    }

    /** Softmax of {@code decision[0..classes)} / t into {@code p}; returns {@code p}. */
    private static double[] softmax(float[] decision, int classes, double t, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, decision[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp((decision[c] - max) / t);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static int[] topK(double[] probs, int k) {
        int n = Math.min(k, probs.length);
        int[] best = new int[n];
        topK(probs, probs.length, n, best, new double[n]);
        return best;
    }

    /**
     * Indices of the k largest of {@code probs[0..len)} into {@code best}, their values into
     * {@code bestP}, largest first, equal values in index order; returns how many (at most k).
     */
    private static int topK(double[] probs, int len, int k, int[] best, double[] bestP) {
        int n = Math.min(k, len);
        int filled = 0;
        for (int i = 0; i < len; i++) {
            double p = probs[i];
            int pos = filled;
            while (pos > 0 && bestP[pos - 1] < p) {
                pos--;
            }
            if (pos < n) {
                int last = Math.min(filled, n - 1);
                System.arraycopy(best, pos, best, pos + 1, last - pos);
                System.arraycopy(bestP, pos, bestP, pos + 1, last - pos);
                best[pos] = i;
                bestP[pos] = p;
                if (filled < n) {
                    filled++;
                }
            }
        }
        return filled;
    }

    // ---- persistence

    public void save(OutputStream out) throws IOException {
        ObjectMapper json = EventJson.mapper();
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry("info.json"));
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("model.json"));
        zip.write(json.writeValueAsBytes(header));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("features.bin"));
        DataOutputStream data = new DataOutputStream(zip);
        // stored by bucket (delta-coded), whatever the order in memory
        int[] byBucket = sortedOrder(buckets.length, i -> ((long) buckets[i] << 32) | i);
        data.writeInt(buckets.length);
        int prev = 0;
        for (int i : byBucket) {
            writeVarInt(data, buckets[i] - prev);
            prev = buckets[i];
        }
        LinearLayer.writeFloats(data, permute(idf, byBucket));
        data.flush();
        zip.closeEntry();
        for (String name : new String[] {"group.bin", "topic.bin"}) {
            LinearLayer layer = name.equals("group.bin") ? groupLayer : topicLayer;
            if (layer != null) {
                // back to bucket order, and the topic layer's classes back to topic order
                layer = layer.permuted(byBucket, name.equals("topic.bin") && columnTopic != null ? inverse(columnTopic) : null);
                zip.putNextEntry(new ZipEntry(name));
                layer.write(data);
                data.flush();
                zip.closeEntry();
            }
        }
        zip.finish();
        zip.flush();
    }

    public static TopicModel load(InputStream in) throws IOException {
        ObjectMapper json = EventJson.mapper();
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(in, 1 << 16));
        DataInputStream data = new DataInputStream(zip);
        ModelInfo info = null;
        Header header = null;
        int[] buckets = null;
        float[] idf = null;
        LinearLayer group = null;
        LinearLayer topic = null;
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            switch (e.getName()) {
                case "info.json" -> info = json.readValue(zip.readAllBytes(), ModelInfo.class);
                case "model.json" -> header = json.readValue(zip.readAllBytes(), Header.class);
                case "features.bin" -> {
                    int n = data.readInt();
                    buckets = new int[n];
                    int prev = 0;
                    for (int i = 0; i < n; i++) {
                        prev += readVarInt(data);
                        buckets[i] = prev;
                    }
                    idf = LinearLayer.readFloats(data, n);
                }
                case "group.bin" -> group = LinearLayer.read(data);
                case "topic.bin" -> topic = LinearLayer.read(data);
                default -> { /* entries of newer writers are skipped */ }
            }
        }
        if (info == null || header == null || buckets == null || (group == null && topic == null)) {
            throw new IOException("not a CivicPulse topic model (missing entries)");
        }
        if (header.format() > FORMAT) {
            throw new IOException("model format " + header.format() + " is newer than this reader (" + FORMAT + ")");
        }
        return new TopicModel(info, header, buckets, idf, group, topic);
    }

    /** The default model trained at build time from the seed corpus and shipped inside the jar. */
    public static TopicModel loadDefault() {
        try (InputStream in = TopicModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default model " + DEFAULT_RESOURCE + " is not on the class path");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model as bytes (for a database column). */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Indices 0..n-1 sorted by a key whose low 32 bits are the index itself (so ties keep index order). */
    private static int[] sortedOrder(int n, java.util.function.IntToLongFunction key) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key.applyAsLong(i);
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }

    private static int[] permute(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static float[] permute(float[] values, int[] order) {
        float[] out = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static void writeVarInt(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    private static final class Scratch {
        final int[] counts;
        int[] touched = new int[4096];
        int[] tf = new int[4096];
        float[] values = new float[4096];
        float inverseNorm;
        final float[] decision;
        final float[] reordered;
        final double[] exps;
        final double[] probs;
        /** The best labels of {@link #predict} so far and their probabilities; groups in order of probability. */
        int[] bestLabel = new int[0];
        double[] bestP = new double[0];
        final int[] groupOrder;
        final double[] groupOrderP;

        Scratch(int features, int classes, int groups) {
            counts = new int[features];
            decision = new float[Math.max(classes, 1)];
            reordered = new float[Math.max(classes, 1)];
            exps = new double[Math.max(classes, 1)];
            probs = new double[Math.max(classes, 1)];
            groupOrder = new int[groups];
            groupOrderP = new double[groups];
        }
    }
}
