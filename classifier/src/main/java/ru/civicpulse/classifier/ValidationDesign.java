package ru.civicpulse.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which rows fit and which rows score a validation candidate: 3-fold stratified cross-validation up
 * to {@value #CROSS_VALIDATION_MAX} examples, otherwise one stratified fifth held out; fitting and
 * validation rows may be capped (sampled). Corrections are always on the fitting side. Examples with
 * the same normalised text always share a fold: a text the candidate was fitted on would otherwise
 * be scored as if unseen (a third of a real training set can be such repeats, while new messages
 * rarely are), which flatters the validation scores and the confidence maps fitted on them. The
 * folds depend only on the labels and texts, so a capped and an uncapped design share their
 * held-out fifth.
 */
final class ValidationDesign {
    static final int CROSS_VALIDATION_MAX = 2000;
    static final int MAX_FIT = 20_000;
    /** Fitting rows × classes per candidate: one-vs-rest costs grow with both, so many classes fit on fewer rows. */
    static final int FIT_BUDGET = 1_000_000;
    static final int MAX_VALIDATION = 5_000;

    private final List<int[]> fitRows = new ArrayList<>();
    private final List<int[]> validRows = new ArrayList<>();
    /** Validation rows of every round, concatenated: the order of pooled decision values. */
    private final int[] pooled;
    private boolean capped;

    ValidationDesign(TopicModelTrainer.Labels labels, int maxFit, int maxValidation) {
        int nData = labels.dataSize();
        int[] strata = labels.topic() != null ? labels.topic() : labels.group();
        boolean cv = nData <= CROSS_VALIDATION_MAX;
        int k = cv ? 3 : 5;
        int[] fold = folds(strata, labels.sameText(), nData, k, 42);
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
            fitRows.add(sample(fit, maxFit, random));
            validRows.add(sample(valid, maxValidation, random));
        }
        pooled = validRows.stream().flatMapToInt(Arrays::stream).toArray();
    }

    List<int[]> fitRows() {
        return fitRows;
    }

    List<int[]> validRows() {
        return validRows;
    }

    int[] pooled() {
        return pooled;
    }

    /** Whether rows were left out of fitting or validation to bound the cost. */
    boolean capped() {
        return capped;
    }

    int rounds() {
        return fitRows.size();
    }

    /** Gold labels of the pooled validation rows. */
    int[] gold(int[] y) {
        int[] g = new int[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            g[i] = y[pooled[i]];
        }
        return g;
    }

    /**
     * Fold of each of the first {@code n} examples: examples with the same {@code sameText} id (ids
     * numbered from 0 in order of first appearance) go to one fold together, stratified by the label
     * of a text's first example and shuffled with the seed. With every text distinct, each example
     * is its own unit and this is a plain stratified split.
     */
    static int[] folds(int[] strata, int[] sameText, int n, int k, long seed) {
        Random random = new Random(seed);
        int units = 0;
        for (int i = 0; i < n; i++) {
            units = Math.max(units, sameText[i] + 1);
        }
        int[] unitStratum = new int[units];
        Arrays.fill(unitStratum, -1);
        int max = 0;
        for (int i = 0; i < n; i++) {
            if (unitStratum[sameText[i]] < 0) {
                unitStratum[sameText[i]] = strata[i];
            }
            max = Math.max(max, strata[i]);
        }
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            byLabel.add(new ArrayList<>());
        }
        for (int u = 0; u < units; u++) {
            byLabel.get(unitStratum[u]).add(u);
        }
        int[] unitFold = new int[units];
        int next = 0;
        for (List<Integer> group : byLabel) {
            Collections.shuffle(group, random);
            for (int u : group) {
                unitFold[u] = next;
                next = (next + 1) % k; // round robin carried across labels keeps the folds even
            }
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[i] = unitFold[sameText[i]];
        }
        return fold;
    }

    /** Fitting rows per candidate: at most {@value #MAX_FIT}, fewer for many classes, never below 5,000. */
    static int maxFit(TopicModelTrainer.Labels labels) {
        int classes = Math.max(labels.groups(), labels.topic() == null ? 0 : labels.topics());
        return Math.max(5_000, Math.min(MAX_FIT, FIT_BUDGET / Math.max(1, classes)));
    }

    private int[] sample(List<Integer> rows, int max, Random random) {
        List<Integer> copy = new ArrayList<>(rows);
        if (copy.size() > max) {
            capped = true;
            Collections.shuffle(copy, random);
            copy = copy.subList(0, max);
            copy.sort(null);
        }
        return copy.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Accuracy and macro-F1 (over the classes that occur in gold or predictions) of a level on validation rows. */
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
}
