package ru.civicpulse.classifier;

import de.bwaldvogel.liblinear.Feature;
import java.util.Locale;
import java.util.Map;

/**
 * Model selection and calibration on the training data alone. A stratified validation design
 * (3 folds up to {@value ValidationDesign#CROSS_VALIDATION_MAX} examples, otherwise one held-out fifth, the fitting
 * side capped at {@value ValidationDesign#MAX_FIT} examples, or at {@value ValidationDesign#FIT_BUDGET} / classes but at least 5,000,
 * and the validation side at {@value ValidationDesign#MAX_VALIDATION} examples)
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
    /** Validation errors a level needs before its temperature is fitted. */
    static final int MIN_ERRORS = 10;

    private final TrainingVectors.Docs docs;
    private final TopicModelTrainer.Labels labels;
    private final TrainingOptions options;
    private final ProgressListener progress;
    /** Where candidates are fitted and scored; after the search, where the calibration is fitted. */
    private ValidationDesign design;
    private int fits;
    private int plannedFits;

    /** A scored candidate of one level: settings, decision values on the design.pooled() validation rows, score. */
    record Candidate(double c, double weightPower, float[][] decisions, double accuracy, double macroF1) {
        double score() {
            return accuracy + macroF1;
        }
    }

    Selection(TrainingVectors.Docs docs, TopicModelTrainer.Labels labels, TrainingOptions options, ProgressListener progress) {
        this.docs = docs;
        this.labels = labels;
        this.options = options;
        this.progress = progress;
        this.design = new ValidationDesign(labels, ValidationDesign.maxFit(labels), ValidationDesign.MAX_VALIDATION);
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
        plannedFits = design.rounds() * levels * ((searchCw ? 3 : 1) + (searchNb ? 2 : 0) + (searchWp ? 2 : 0) + (searchC ? 2 : 0));

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
        int searchFits = fits;
        String searched = String.format(Locale.ROOT, "%s, %d fitting and %d validation examples per round",
                design.rounds() > 1 ? design.rounds() + "-fold cross-validation" : "one stratified fifth held out",
                design.fitRows().get(0).length, design.validRows().get(0).length);
        if (options.calibrate() && design.capped()) {
            // The candidates were fitted on a sample, and a model fitted on a few thousand rows is less
            // sure of itself than the final one fitted on all: temperatures, structure and confidence maps
            // are fitted on the whole held-out fifth, each level fitted once more on all the other rows.
            design = new ValidationDesign(labels, Integer.MAX_VALUE, Integer.MAX_VALUE);
            Candidate[] full = evaluateBlock(plan.charWeight, plan.nbWeight, plan);
            lastX = null;
            group = full[0];
            topic = topics ? full[1] : null;
            searched += String.format(Locale.ROOT, "; calibrated on %d held-out examples with each level fitted on %d",
                    design.validRows().get(0).length, design.fitRows().get(0).length);
        }
        Outcome chosen = calibrate(plan, group, topic);
        report.put("selection", String.format(Locale.ROOT, "%s, %d fits (%d for calibration), %.1f s", searched, fits,
                fits - searchFits, (System.nanoTime() - start) / 1e9));
        report.put("validationGroups", chosen.group().describe());
        if (chosen.topic() != null) {
            report.put("validationTopics", chosen.topic().describe());
        }
        progress.progress("select", 1.0);
        return plan;
    }

    /**
     * Fits each level's temperature, chooses the structure (one topic model or group + topic model),
     * then fits the maps of the top label's probability ({@link ConfidenceMap}) on the same held-out
     * predictions. Returns the validation scores of the chosen structure (ECE before the maps: after
     * them it would be measured on the data they were fitted on).
     */
    private Outcome calibrate(TopicModelTrainer.Plan plan, Candidate group, Candidate topic) {
        boolean topics = topic != null;
        int[] goldGroup = design.gold(labels.group());
        int[] goldTopic = topics ? design.gold(labels.topic()) : null;
        if (options.calibrate() && !options.isExplicit("temperature")) {
            // With (nearly) no validation errors the likelihood keeps rising as the temperature falls
            // to zero: such a level keeps the configured temperature rather than becoming certain of everything.
            double t0 = options.temperature();
            plan.groupTemperature = errors(group) >= MIN_ERRORS ? Calibration.fitTemperature(group.decisions(), goldGroup, null) : t0;
            if (topics) {
                boolean enough = errors(topic) >= MIN_ERRORS;
                double flat = enough ? Calibration.fitTemperature(topic.decisions(), goldTopic, null) : t0;
                double within = enough ? Calibration.fitTemperature(topic.decisions(), goldTopic, labels.topicGroups()) : t0;
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
        if (options.calibrate()) {
            // as with the temperature, a level with (nearly) no errors would be mapped to certainty
            plan.groupCalibration = errors(chosen.groupHit()) >= MIN_ERRORS
                    ? ConfidenceMap.fit(chosen.groupConfidence(), chosen.groupHit()) : null;
            if (topics) {
                plan.topicCalibration = errors(chosen.topicHit()) >= MIN_ERRORS
                        ? ConfidenceMap.fit(chosen.topicConfidence(), chosen.topicHit()) : null;
            }
        }
        return chosen;
    }

    private static int errors(boolean[] hits) {
        int e = 0;
        for (boolean h : hits) {
            e += h ? 0 : 1;
        }
        return e;
    }

    private long errors(Candidate c) {
        return Math.round((1 - c.accuracy()) * design.pooled().length);
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
        Feature[][][] xs = new Feature[design.rounds()][][];
        int[] features = new int[design.rounds()];
        for (int r = 0; r < design.rounds(); r++) {
            int[] build = ValidationDesign.concat(design.fitRows().get(r), design.validRows().get(r));
            int minDf = design.fitRows().get(r).length < TopicModelTrainer.SMALL_CORPUS ? 1 : Math.max(1, options.minDf());
            TrainingVectors.Vectors v = TrainingVectors.vectorise(docs, design.fitRows().get(r), build, minDf, charWeight, nbWeight,
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

    /** Fits one level in every round and scores it on the design.pooled() validation rows. */
    private Candidate evaluate(int[] y, int classes, double c, double weightPower) {
        float[][] decisions = new float[design.pooled().length][];
        int at = 0;
        for (int r = 0; r < design.rounds(); r++) {
            LinearLayer layer = LayerFit.fit(lastX[r], design.fitRows().get(r), labels.weight(), y, lastFeatures[r],
                    classes, c, weightPower, options);
            for (int row : design.validRows().get(r)) {
                decisions[at++] = layer.decide(lastX[r][row]);
            }
            fits++;
            progress.progress("select", Math.min(0.99, (double) fits / Math.max(1, plannedFits)));
        }
        int[] gold = design.gold(y);
        int[] predicted = new int[design.pooled().length];
        for (int i = 0; i < design.pooled().length; i++) {
            predicted[i] = argmax(decisions[i]);
        }
        double[] am = ValidationDesign.accuracyAndMacroF1(gold, predicted, classes);
        return new Candidate(c, weightPower, decisions, am[0], am[1]);
    }

    /** Validation scores of a level: accuracy, macro-F1, expected calibration error. */
    record Scores(int examples, double accuracy, double macroF1, double ece) {
        String describe() {
            return String.format(Locale.ROOT, "accuracy %.4f, macro-F1 %.4f, ECE %.4f (%d examples)", accuracy, macroF1, ece, examples);
        }
    }

    /** Validation scores of the groups and topics (null without), and each example's top confidence and whether that label was right. */
    record Outcome(Scores group, Scores topic, double[] groupConfidence, boolean[] groupHit, double[] topicConfidence,
            boolean[] topicHit) {
        double score() {
            return group.accuracy() + group.macroF1() + (topic == null ? 0 : topic.accuracy() + topic.macroF1());
        }
    }

    /**
     * Group and topic predictions as {@link TopicModel} makes them: with group decisions, P(topic) =
     * P(group) · P(topic | group); without, one topic softmax whose groups are sums.
     */
    private Outcome outcome(float[][] groupD, float[][] topicD, double tg, double tt, int[] goldGroup, int[] goldTopic) {
        int n = design.pooled().length;
        int groups = labels.groups();
        int[] tgOf = labels.topicGroups();
        int[] pg = new int[n];
        double[] cg = new double[n];
        int[] pt = topicD == null ? null : new int[n];
        double[] ct = topicD == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            double[] gp;
            if (groupD != null) {
                gp = Calibration.softmax(groupD[i], tg, null, -1);
            } else {
                double[] t = Calibration.softmax(topicD[i], tt, null, -1);
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
                        double[] within = Calibration.softmax(topicD[i], tt, tgOf, g);
                        for (int k = 0; k < joint.length; k++) {
                            if (tgOf[k] == g) {
                                joint[k] = gp[g] * within[k];
                            }
                        }
                    }
                } else {
                    joint = Calibration.softmax(topicD[i], tt, null, -1);
                }
                pt[i] = argmax(joint);
                ct[i] = joint[pt[i]];
            }
        }
        double[] g = ValidationDesign.accuracyAndMacroF1(goldGroup, pg, groups);
        Scores gs = new Scores(n, g[0], g[1], Calibration.ece(cg, pg, goldGroup));
        Scores ts = null;
        if (topicD != null) {
            double[] t = ValidationDesign.accuracyAndMacroF1(goldTopic, pt, labels.topics());
            ts = new Scores(n, t[0], t[1], Calibration.ece(ct, pt, goldTopic));
        }
        return new Outcome(gs, ts, cg, hits(pg, goldGroup), ct, pt == null ? null : hits(pt, goldTopic));
    }

    private static boolean[] hits(int[] predicted, int[] gold) {
        boolean[] h = new boolean[predicted.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = predicted[i] == gold[i];
        }
        return h;
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


}
