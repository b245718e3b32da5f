package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Feature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Model selection and calibration on the training data alone. A stratified validation design
 * (3 folds up to {@value #CROSS_VALIDATION_MAX} examples, otherwise one held-out fifth, the fitting
 * side capped at {@value #MAX_FIT} examples, or at {@value #FIT_BUDGET} / classes but at least 5,000,
 * and the validation side at {@value #MAX_VALIDATION} examples)
 * scores a few candidates, greedily, one setting at a time:
 * <ol>
 * <li>character block weight (shared by both levels): the current value, then a stronger one, and a
 * weaker one only if the stronger did not help;</li>
 * <li>naive-Bayes feature scale (nbWeight, shared by both levels): doubled (at most 1), then 0 (none)
 * only if doubling did not help;</li>
 * <li>per level, class-weight strength (weightPower): milder, then stronger only if milder did not help;</li>
 * <li>per level, regularisation C: doubled (and doubled again while it helps), else halved.</li>
 * </ol>
 * A candidate's score is validation accuracy + macro-F1 of its level. Then the softmax temperature
 * of each level is fitted on the validation decision values (minimum negative log-likelihood), and
 * with group and topic labels one topic model (groups summed) is compared with a group model plus a
 * topic model on all four scores. Values set explicitly in the options are not searched. A level
 * with fewer than {@value #MIN_ERRORS} validation errors keeps the configured temperature.
 */
final class Selection {
    static final int CROSS_VALIDATION_MAX = 2000;
    static final int MAX_FIT = 20_000;
    /** Fitting rows × classes per candidate: one-vs-rest costs grow with both, so many classes fit on fewer rows. */
    static final int FIT_BUDGET = 1_000_000;
    static final int MAX_VALIDATION = 5_000;
    private static final int ECE_BINS = 15;
    /** Validation errors a level needs before its temperature is fitted. */
    static final int MIN_ERRORS = 10;

    private final TopicModelTrainer.Docs docs;
    private final TopicModelTrainer.Labels labels;
    private final TrainingOptions options;
    private final ProgressListener progress;
    private final List<int[]> fitRows = new ArrayList<>();
    private final List<int[]> validRows = new ArrayList<>();
    /** Validation rows of every round, concatenated: the order of pooled decision values. */
    private final int[] pooled;
    private int fits;
    private int plannedFits;

    /** A scored candidate of one level: settings, decision values on the pooled validation rows, score. */
    record Candidate(double c, double weightPower, float[][] decisions, double accuracy, double macroF1) {
        double score() {
            return accuracy + macroF1;
        }
    }

    Selection(TopicModelTrainer.Docs docs, TopicModelTrainer.Labels labels, TrainingOptions options, ProgressListener progress) {
        this.docs = docs;
        this.labels = labels;
        this.options = options;
        this.progress = progress;
        int nData = labels.dataSize();
        int[] strata = labels.topic() != null ? labels.topic() : labels.group();
        boolean cv = nData <= CROSS_VALIDATION_MAX;
        int k = cv ? 3 : 5;
        int[] fold = folds(strata, nData, k, 42);
        Random random = new Random(7);
        int n = labels.weight().length;
        for (int round = 0; round < (cv ? k : 1); round++) {
            List<Integer> fit = new ArrayList<>();
            List<Integer> valid = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i < nData && fold[i] == round) {
                    valid.add(i);
                } else {
                    fit.add(i); // corrections (i >= nData) are always fitted on
                }
            }
            fitRows.add(sample(fit, maxFit(labels), random));
            validRows.add(sample(valid, MAX_VALIDATION, random));
        }
        pooled = validRows.stream().flatMapToInt(Arrays::stream).toArray();
    }

    TopicModelTrainer.Plan run(Map<String, String> report) {
        long start = System.nanoTime();
        boolean topics = labels.topic() != null;
        TopicModelTrainer.Plan plan = TopicModelTrainer.Plan.of(options, topics);
        boolean search = options.select();
        boolean searchCw = search && !options.isExplicit("charWeight") && options.charMax() > 0;
        boolean searchWp = search && options.balanced() && !options.isExplicit("weightPower");
        boolean searchC = search && !options.isExplicit("c");
        boolean searchNb = search && !options.isExplicit("nbWeight");
        int levels = topics ? 2 : 1;
        plannedFits = rounds() * levels * ((searchCw ? 3 : 1) + (searchNb ? 2 : 0) + (searchWp ? 2 : 0) + (searchC ? 2 : 0));

        // 1. character block weight, both levels together
        float cw = options.charWeight();
        double nb = options.nbWeight();
        Candidate[] best = evaluateBlock(cw, nb, plan);
        Feature[][][] bestX = lastX;
        int[] bestFeatures = lastFeatures;
        if (searchCw) {
            float[] tried = {Math.min(cw * 1.5f, 2f), cw / 1.5f};
            for (int i = 0; i < tried.length; i++) {
                Candidate[] next = evaluateBlock(tried[i], nb, plan);
                if (sum(next) > sum(best)) {
                    best = next;
                    cw = tried[i];
                    bestX = lastX;
                    bestFeatures = lastFeatures;
                    if (i == 0) {
                        break; // stronger helped: no need to look at weaker
                    }
                }
            }
        }
        // 2. naive-Bayes feature scale: stronger (or 0.5 from none), then none only if stronger did not help
        if (searchNb) {
            double[] tried = nb == 0 ? new double[] {0.5} : new double[] {Math.min(nb * 2, 1.0), 0};
            for (double next : tried) {
                if (next == nb) {
                    continue;
                }
                Candidate[] cand = evaluateBlock(cw, next, plan);
                if (sum(cand) > sum(best)) {
                    best = cand;
                    nb = next;
                    bestX = lastX;
                    bestFeatures = lastFeatures;
                    break;
                }
            }
        }
        lastX = bestX;
        lastFeatures = bestFeatures;
        plan.charWeight = cw;
        plan.nbWeight = nb;
        // 3.-4. per level: class-weight strength, then C
        Candidate group = best[0];
        Candidate topic = topics ? best[1] : null;
        group = searchLevel(group, labels.group(), labels.groups(), searchWp, searchC);
        plan.groupC = group.c();
        plan.groupWeightPower = group.weightPower();
        if (topics) {
            topic = searchLevel(topic, labels.topic(), labels.topics(), searchWp, searchC);
            plan.topicC = topic.c();
            plan.topicWeightPower = topic.weightPower();
        }
        lastX = null;

        // calibration and structure
        int[] goldGroup = gold(labels.group());
        int[] goldTopic = topics ? gold(labels.topic()) : null;
        if (options.calibrate() && !options.isExplicit("temperature")) {
            // With (nearly) no validation errors the likelihood keeps rising as the temperature falls
            // to zero: such a level keeps the configured temperature rather than becoming certain of everything.
            double t0 = options.temperature();
            plan.groupTemperature = errors(group) >= MIN_ERRORS ? fitTemperature(group.decisions(), goldGroup, null) : t0;
            if (topics) {
                boolean enough = errors(topic) >= MIN_ERRORS;
                double flat = enough ? fitTemperature(topic.decisions(), goldTopic, null) : t0;
                double within = enough ? fitTemperature(topic.decisions(), goldTopic, labels.topicGroups()) : t0;
                Outcome one = outcome(null, topic.decisions(), plan.groupTemperature, flat, goldGroup, goldTopic);
                Outcome two = outcome(group.decisions(), topic.decisions(), plan.groupTemperature, within, goldGroup, goldTopic);
                boolean twoLevel = options.isExplicit("twoLevel") ? options.twoLevel() : two.score() >= one.score();
                plan.twoLevel = twoLevel;
                plan.topicTemperature = twoLevel ? within : flat;
            }
        } else if (topics && !options.isExplicit("twoLevel")) {
            Outcome one = outcome(null, topic.decisions(), plan.groupTemperature, plan.topicTemperature, goldGroup, goldTopic);
            Outcome two = outcome(group.decisions(), topic.decisions(), plan.groupTemperature, plan.topicTemperature, goldGroup, goldTopic);
            plan.twoLevel = two.score() >= one.score();
        }
        Outcome chosen = outcome(topics && !plan.twoLevel ? null : group.decisions(), topics ? topic.decisions() : null,
                plan.groupTemperature, plan.topicTemperature, goldGroup, goldTopic);

        report.put("selection", String.format(Locale.ROOT, "%s, %d fitting and %d validation examples per round, %d fits, %.1f s",
                rounds() > 1 ? rounds() + "-fold cross-validation" : "one stratified fifth held out",
                fitRows.get(0).length, validRows.get(0).length, fits, (System.nanoTime() - start) / 1e9));
        report.put("validationGroups", chosen.group().describe());
        if (chosen.topic() != null) {
            report.put("validationTopics", chosen.topic().describe());
        }
        progress.progress("select", 1.0);
        return plan;
    }

    private long errors(Candidate c) {
        return Math.round((1 - c.accuracy()) * pooled.length);
    }

    private int rounds() {
        return fitRows.size();
    }

    private double sum(Candidate[] cs) {
        double s = 0;
        for (Candidate c : cs) {
            s += c.score();
        }
        return s;
    }

    /** Rows of the latest evaluated block weight, per round (reused by the per-level search). */
    private Feature[][][] lastX;

    private Candidate[] evaluateBlock(float charWeight, double nbWeight, TopicModelTrainer.Plan plan) {
        Feature[][][] xs = new Feature[rounds()][][];
        int[] features = new int[rounds()];
        for (int r = 0; r < rounds(); r++) {
            int[] build = concat(fitRows.get(r), validRows.get(r));
            int minDf = fitRows.get(r).length < TopicModelTrainer.SMALL_CORPUS ? 1 : Math.max(1, options.minDf());
            TopicModelTrainer.Vectors v = TopicModelTrainer.vectorise(docs, fitRows.get(r), build, minDf, charWeight, nbWeight,
                    labels.finest(), labels.finestCount());
            xs[r] = v.x();
            features[r] = v.features();
        }
        lastX = xs;
        lastFeatures = features;
        Candidate g = evaluate(labels.group(), labels.groups(), plan.groupC, plan.groupWeightPower);
        if (labels.topic() == null) {
            return new Candidate[] {g};
        }
        return new Candidate[] {g, evaluate(labels.topic(), labels.topics(), plan.topicC, plan.topicWeightPower)};
    }

    private int[] lastFeatures;

    private Candidate searchLevel(Candidate best, int[] y, int classes, boolean searchWp, boolean searchC) {
        if (searchWp) {
            double wp = best.weightPower();
            for (double next : new double[] {wp / 2, Math.min(1.0, wp * 2)}) {
                if (next == wp) {
                    continue;
                }
                Candidate cand = evaluate(y, classes, best.c(), next);
                if (cand.score() > best.score()) {
                    best = cand;
                    break; // milder helped: stronger is not tried
                }
            }
        }
        if (searchC) {
            double c = best.c();
            Candidate up = evaluate(y, classes, c * 2, best.weightPower());
            if (up.score() > best.score()) {
                best = up;
                Candidate further = evaluate(y, classes, c * 4, best.weightPower());
                if (further.score() > best.score()) {
                    best = further;
                }
            } else {
                Candidate down = evaluate(y, classes, c / 2, best.weightPower());
                if (down.score() > best.score()) {
                    best = down;
                }
            }
        }
        return best;
    }

    /** Fits one level in every round and scores it on the pooled validation rows. */
    private Candidate evaluate(int[] y, int classes, double c, double weightPower) {
        float[][] decisions = new float[pooled.length][];
        int at = 0;
        for (int r = 0; r < rounds(); r++) {
            LinearLayer layer = TopicModelTrainer.fit(lastX[r], fitRows.get(r), labels.weight(), y, lastFeatures[r],
                    classes, c, weightPower, options);
            for (int row : validRows.get(r)) {
                decisions[at++] = layer.decide(lastX[r][row]);
            }
            fits++;
            progress.progress("select", Math.min(0.99, (double) fits / Math.max(1, plannedFits)));
        }
        int[] gold = gold(y);
        int[] predicted = new int[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            predicted[i] = argmax(decisions[i]);
        }
        double[] am = accuracyAndMacroF1(gold, predicted, classes);
        return new Candidate(c, weightPower, decisions, am[0], am[1]);
    }

    private int[] gold(int[] y) {
        int[] g = new int[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            g[i] = y[pooled[i]];
        }
        return g;
    }

    /** Validation scores of a level: accuracy, macro-F1, expected calibration error. */
    record Scores(int examples, double accuracy, double macroF1, double ece) {
        String describe() {
            return String.format(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f, ECE %.4f (%d examples)", accuracy, macroF1, ece, examples);
        }
    }

    record Outcome(Scores group, Scores topic) {
        double score() {
            return group.accuracy() + group.macroF1() + (topic == null ? 0 : topic.accuracy() + topic.macroF1());
        }
    }

    /**
     * Group and topic predictions as {@link TopicModel} makes them: with group decisions, P(topic) =
     * P(group) · P(topic | group); without, one topic softmax whose groups are sums.
     */
    private Outcome outcome(float[][] groupD, float[][] topicD, double tg, double tt, int[] goldGroup, int[] goldTopic) {
        int n = pooled.length;
        int groups = labels.groups();
        int[] tgOf = labels.topicGroups();
        int[] pg = new int[n];
        double[] cg = new double[n];
        int[] pt = topicD == null ? null : new int[n];
        double[] ct = topicD == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            double[] gp;
            if (groupD != null) {
                gp = softmax(groupD[i], tg, null, -1);
            } else {
                double[] t = softmax(topicD[i], tt, null, -1);
                gp = new double[groups];
                for (int k = 0; k < t.length; k++) {
                    gp[tgOf[k]] += t[k];
                }
            }
            pg[i] = argmax(gp);
            cg[i] = gp[pg[i]];
            if (topicD != null) {
                double[] joint;
                if (groupD != null) {
                    joint = new double[topicD[i].length];
                    for (int g = 0; g < groups; g++) {
                        double[] within = softmax(topicD[i], tt, tgOf, g);
                        for (int k = 0; k < joint.length; k++) {
                            if (tgOf[k] == g) {
                                joint[k] = gp[g] * within[k];
                            }
                        }
                    }
                } else {
                    joint = softmax(topicD[i], tt, null, -1);
                }
                pt[i] = argmax(joint);
                ct[i] = joint[pt[i]];
            }
        }
        double[] g = accuracyAndMacroF1(goldGroup, pg, groups);
        Scores gs = new Scores(n, g[0], g[1], ece(cg, pg, goldGroup));
        Scores ts = null;
        if (topicD != null) {
            double[] t = accuracyAndMacroF1(goldTopic, pt, labels.topics());
            ts = new Scores(n, t[0], t[1], ece(ct, pt, goldTopic));
        }
        return new Outcome(gs, ts);
    }

    /** Softmax of decisions / t; with {@code groupOf}, only over the classes of group {@code g} (others 0). */
    static double[] softmax(float[] d, double t, int[] groupOf, int g) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < d.length; k++) {
            if (groupOf == null || groupOf[k] == g) {
                max = Math.max(max, d[k]);
            }
        }
        double[] p = new double[d.length];
        double sum = 0;
        for (int k = 0; k < d.length; k++) {
            if (groupOf == null || groupOf[k] == g) {
                p[k] = Math.exp((d[k] - max) / t);
                sum += p[k];
            }
        }
        for (int k = 0; k < d.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /**
     * The temperature minimising the negative log-likelihood of the gold classes (golden-section
     * search on log t within 0.005..5). With {@code groupOf}, the softmax runs over the gold class's
     * group only (the topic layer of a two-level model).
     */
    static double fitTemperature(float[][] decisions, int[] gold, int[] groupOf) {
        double lo = Math.log(0.005);
        double hi = Math.log(5);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(decisions, gold, groupOf, Math.exp(a));
        double fb = nll(decisions, gold, groupOf, Math.exp(b));
        for (int i = 0; i < 40; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(decisions, gold, groupOf, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(decisions, gold, groupOf, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        return Math.round(t * 1e6) / 1e6;
    }

    private static double nll(float[][] decisions, int[] gold, int[] groupOf, double t) {
        double total = 0;
        for (int i = 0; i < decisions.length; i++) {
            float[] d = decisions[i];
            int y = gold[i];
            int g = groupOf == null ? -1 : groupOf[y];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < d.length; k++) {
                if (g < 0 || groupOf[k] == g) {
                    max = Math.max(max, d[k]);
                }
            }
            double sum = 0;
            for (int k = 0; k < d.length; k++) {
                if (g < 0 || groupOf[k] == g) {
                    sum += Math.exp((d[k] - max) / t);
                }
            }
            total += Math.log(sum) - (d[y] - max) / t;
        }
        return total;
    }

    /** Expected calibration error of top-1 confidences: {@value #ECE_BINS} equal-width bins, weighted by size. */
    static double ece(double[] confidence, int[] predicted, int[] gold) {
        int n = confidence.length;
        double[] conf = new double[ECE_BINS];
        double[] hits = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < n; i++) {
            int b = Math.min(ECE_BINS - 1, (int) (confidence[i] * ECE_BINS));
            conf[b] += confidence[i];
            hits[b] += predicted[i] == gold[i] ? 1 : 0;
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (count[b] > 0) {
                e += Math.abs(hits[b] - conf[b]) / n;
            }
        }
        return e;
    }

    static double[] accuracyAndMacroF1(int[] gold, int[] predicted, int classes) {
        int[] tp = new int[classes];
        int[] support = new int[classes];
        int[] predictedCount = new int[classes];
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            support[gold[i]]++;
            predictedCount[predicted[i]]++;
            if (gold[i] == predicted[i]) {
                tp[gold[i]]++;
                correct++;
            }
        }
        double macro = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (support[c] == 0 && predictedCount[c] == 0) {
                continue;
            }
            present++;
            double p = predictedCount[c] == 0 ? 0 : (double) tp[c] / predictedCount[c];
            double r = support[c] == 0 ? 0 : (double) tp[c] / support[c];
            macro += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return new double[] {gold.length == 0 ? 0 : (double) correct / gold.length, present == 0 ? 0 : macro / present};
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fold of each of the first {@code n} examples: stratified by label, shuffled with the seed. */
    static int[] folds(int[] strata, int n, int k, long seed) {
        Random random = new Random(seed);
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, strata[i]);
        }
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            byLabel.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byLabel.get(strata[i]).add(i);
        }
        int[] fold = new int[n];
        int next = 0;
        for (List<Integer> rows : byLabel) {
            java.util.Collections.shuffle(rows, random);
            for (int row : rows) {
                fold[row] = next;
                next = (next + 1) % k; // round robin carried across labels keeps the folds even
            }
        }
        return fold;
    }

    /** Fitting rows per candidate: at most {@value #MAX_FIT}, fewer for many classes, never below 5,000. */
    static int maxFit(TopicModelTrainer.Labels labels) {
        int classes = Math.max(labels.groups(), labels.topic() == null ? 0 : labels.topics());
        return Math.max(5_000, Math.min(MAX_FIT, FIT_BUDGET / Math.max(1, classes)));
    }

    private static int[] sample(List<Integer> rows, int max, Random random) {
        List<Integer> copy = new ArrayList<>(rows);
        if (copy.size() > max) {
            java.util.Collections.shuffle(copy, random);
            copy = copy.subList(0, max);
            copy.sort(null);
        }
        return copy.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
