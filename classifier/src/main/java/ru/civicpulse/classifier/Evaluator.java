package ru.civicpulse.classifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, macro- and weighted-F1, top-3 accuracy, per-class precision/recall/F1 and the confusion
 * matrix. Macro-F1 averages over every label that occurs in the data or in the predictions.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Scores the model's group predictions against the examples' group labels. */
    public static EvaluationReport evaluate(TopicModel model, List<LabelledText> data) {
        return evaluate(model, data, false, ProgressListener.NONE);
    }

    /** Scores the model's topic predictions against the examples' topic labels (the model must have topics). */
    public static EvaluationReport evaluateTopics(TopicModel model, List<LabelledText> data) {
        return evaluate(model, data, true, ProgressListener.NONE);
    }

    public static EvaluationReport evaluate(TopicModel model, List<LabelledText> data, boolean onTopics, ProgressListener progress) {
        if (onTopics && !model.hasTopics()) {
            throw new IllegalArgumentException("the model has no topics");
        }
        List<String> gold = new ArrayList<>(data.size());
        List<List<String>> ranked = new ArrayList<>(data.size());
        double[] confidence = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            LabelledText t = data.get(i);
            TopicModel.Prediction p = model.score(t.text());
            if (onTopics) {
                gold.add(t.topic());
                ranked.add(distinctTop3(p.topics(), model.topics()));
                confidence[i] = p.topicConfidence();
            } else {
                gold.add(t.group());
                ranked.add(distinctTop3(p.groups(), model.groups()));
                confidence[i] = p.groupConfidence();
            }
            if (i % 2000 == 0) {
                progress.progress("evaluate", (double) i / data.size());
            }
        }
        progress.progress("evaluate", 1.0);
        return score(gold, ranked, confidence);
    }

    private static List<String> distinctTop3(double[] probs, List<String> names) {
        int[] order = TopicModel.topK(probs, Math.min(probs.length, 12));
        List<String> out = new ArrayList<>(3);
        for (int idx : order) {
            String name = names.get(idx);
            if (!out.contains(name)) {
                out.add(name);
                if (out.size() == 3) {
                    break;
                }
            }
        }
        return out;
    }

    /** Scores ranked predictions (best first; the first is the prediction) against gold labels. */
    public static EvaluationReport score(List<String> gold, List<List<String>> ranked) {
        return score(gold, ranked, null);
    }

    /**
     * As {@link #score(List, List)}, plus the expected calibration error of {@code confidence[i]},
     * the probability given to the first prediction of example i ({@code null}: not computed).
     */
    public static EvaluationReport score(List<String> gold, List<List<String>> ranked, double[] confidence) {
        if (gold.size() != ranked.size()) {
            throw new IllegalArgumentException("gold and predictions differ in length");
        }
        TreeSet<String> all = new TreeSet<>(gold);
        for (List<String> r : ranked) {
            if (!r.isEmpty()) {
                all.add(r.get(0));
            }
        }
        List<String> labels = new ArrayList<>(all);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String l : labels) {
            index.put(l, index.size());
        }
        int k = labels.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        int top3 = 0;
        int n = gold.size();
        for (int i = 0; i < n; i++) {
            List<String> r = ranked.get(i);
            String g = gold.get(i);
            if (r.isEmpty()) {
                continue;
            }
            confusion[index.get(g)][index.get(r.get(0))]++;
            if (g.equals(r.get(0))) {
                correct++;
            }
            if (r.subList(0, Math.min(3, r.size())).contains(g)) {
                top3++;
            }
        }
        Map<String, ClassScores> perClass = new LinkedHashMap<>();
        double macro = 0;
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double rcl = support == 0 ? 0 : (double) tp / support;
            double f1 = p + rcl == 0 ? 0 : 2 * p * rcl / (p + rcl);
            perClass.put(labels.get(c), new ClassScores(p, rcl, f1, support));
            macro += f1;
            weighted += f1 * support;
        }
        Double ece = null;
        if (confidence != null && n > 0) {
            int[] predicted = new int[n];
            int[] goldIds = new int[n];
            for (int i = 0; i < n; i++) {
                List<String> r = ranked.get(i);
                goldIds[i] = index.get(gold.get(i));
                predicted[i] = r.isEmpty() ? -1 : index.get(r.get(0));
            }
            ece = Calibration.ece(confidence, predicted, goldIds);
        }
        return new EvaluationReport(n, n == 0 ? 0 : (double) correct / n, k == 0 ? 0 : macro / k,
                n == 0 ? 0 : weighted / n, n == 0 ? 0 : (double) top3 / n, perClass, labels, confusion, ece);
    }
}
