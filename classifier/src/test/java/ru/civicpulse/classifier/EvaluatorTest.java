package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void computesTheScoresOfAHandCheckedExample() {
        // gold:      a a a b b c
        // predicted: a a b b c c   (top-3 lists below)
        List<String> gold = List.of("a", "a", "a", "b", "b", "c");
        List<List<String>> ranked = List.of(
                List.of("a", "b", "c"), List.of("a", "c", "b"), List.of("b", "c", "a"),
                List.of("b", "a", "c"), List.of("c", "a", "d"), List.of("c", "b", "a"));
        EvaluationReport r = Evaluator.score(gold, ranked);

        assertThat(r.examples()).isEqualTo(6);
        assertThat(r.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
        // a: P=2/2 R=2/3 F1=0.8; b: P=1/2 R=1/2 F1=0.5; c: P=1/2 R=1/1 F1=2/3
        assertThat(r.perClass().get("a")).isEqualTo(new ClassScores(1.0, 2 / 3.0, 0.8, 3));
        assertThat(r.perClass().get("b").f1()).isCloseTo(0.5, within(1e-12));
        assertThat(r.perClass().get("c").f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(r.macroF1()).isCloseTo((0.8 + 0.5 + 2 / 3.0) / 3, within(1e-12));
        assertThat(r.weightedF1()).isCloseTo((0.8 * 3 + 0.5 * 2 + 2 / 3.0) / 6, within(1e-12));
        // the third example (gold a) has a only in third place; the fifth (gold b) has no b in its top 3
        assertThat(r.top3Accuracy()).isCloseTo(5 / 6.0, within(1e-12));
        assertThat(r.labels()).containsExactly("a", "b", "c");
        assertThat(r.confusion()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
    }

    @Test
    void expectedCalibrationErrorIsTheGapBetweenConfidenceAndHitRate() {
        // two answers at 0.9, both right (gap 0.1); two at 0.6, one right (gap 0.1): ECE = 0.1
        List<String> gold = List.of("a", "b", "a", "b");
        List<List<String>> ranked = List.of(List.of("a"), List.of("b"), List.of("a"), List.of("a"));
        EvaluationReport r = Evaluator.score(gold, ranked, new double[] {0.9, 0.9, 0.6, 0.6});
        assertThat(r.expectedCalibrationError()).isCloseTo(0.1, within(1e-12));
        assertThat(Evaluator.score(gold, ranked).expectedCalibrationError()).isNull();
        // a model's evaluation always reports it
        assertThat(Evaluator.evaluate(Fixtures.model(), Fixtures.data()).expectedCalibrationError()).isBetween(0.0, 1.0);
    }

    @Test
    void evaluatesAModelOnItsOwnTrainingDataAlmostPerfectly() {
        EvaluationReport groups = Evaluator.evaluate(Fixtures.model(), Fixtures.data());
        assertThat(groups.accuracy()).isGreaterThan(0.95);
        assertThat(groups.top3Accuracy()).isEqualTo(1.0);
        EvaluationReport topics = Evaluator.evaluateTopics(Fixtures.model(), Fixtures.data());
        assertThat(topics.labels()).hasSize(6);
    }
}
