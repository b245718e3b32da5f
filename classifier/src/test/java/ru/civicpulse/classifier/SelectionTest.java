package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void fittedTemperatureIsTheOneThatGeneratedTheLabels() {
        // decision values of 5 classes; the gold class is drawn from softmax(d / 0.5)
        Random random = new Random(3);
        int n = 4000;
        float[][] d = new float[n][5];
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 5; c++) {
                d[i][c] = (float) (random.nextGaussian() * 1.5);
            }
            double[] p = Calibration.softmax(d[i], 0.5, null, -1);
            double u = random.nextDouble();
            int y = 0;
            for (double acc = p[0]; acc < u && y < 4; acc += p[++y]) {
                // walk the cumulative distribution
            }
            gold[i] = y;
        }
        double t = Calibration.fitTemperature(d, gold, null);
        assertThat(t).isCloseTo(0.5, within(0.05));

        // at the fitted temperature the top confidence matches the hit rate; far from it, it does not
        assertThat(ece(d, gold, t)).isLessThan(0.03);
        assertThat(ece(d, gold, 0.1)).isGreaterThan(0.1);
    }

    private static double ece(float[][] d, int[] gold, double t) {
        double[] confidence = new double[d.length];
        int[] predicted = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            double[] p = Calibration.softmax(d[i], t, null, -1);
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[predicted[i]]) {
                    predicted[i] = c;
                }
            }
            confidence[i] = p[predicted[i]];
        }
        return Calibration.ece(confidence, predicted, gold);
    }

    @Test
    void trainingChoosesItsSettingsOnTheTrainingDataAndRecordsThem() {
        List<LabelledText> data = Fixtures.generated(600, 0.1, 1);
        TopicModel model = new TopicModelTrainer().train(data, TrainingOptions.defaults(), ProgressListener.NONE);
        var params = model.info().parameters();
        System.out.println("chosen on 600 generated examples: " + params);
        assertThat(params.get("selection")).contains("3-fold cross-validation");
        assertThat(params.get("validationGroups")).contains("accuracy").contains("ECE");
        assertThat(params.get("validationTopics")).contains("macro-F1");
        assertThat(Double.parseDouble(params.get("temperature"))).isPositive().isNotEqualTo(0.25);
        assertThat(params).containsKeys("c", "weightPower", "topicC", "topicWeightPower", "charWeight", "twoLevel", "topicTemperature");

        // a value given explicitly is kept as given
        TopicModel fixed = new TopicModelTrainer().train(data, TrainingOptions.defaults().with("c", "3").with("twoLevel", "false"),
                ProgressListener.NONE);
        assertThat(fixed.info().parameters()).containsEntry("topicC", "3.0").containsEntry("twoLevel", "false");
    }

    @Test
    void calibratedConfidenceMatchesTheHitRateOnNewMessages() {
        // a fifth of the labels are wrong at random: a model trusting every decision is overconfident
        List<LabelledText> train = Fixtures.generated(1500, 0.2, 5);
        List<LabelledText> fresh = Fixtures.generated(3000, 0.2, 6);
        TopicModel calibrated = new TopicModelTrainer().train(train, TrainingOptions.defaults(), ProgressListener.NONE);
        TopicModel fixed = new TopicModelTrainer().train(train,
                TrainingOptions.defaults().with("calibrate", "false").with("select", "false"), ProgressListener.NONE);
        EvaluationReport good = Evaluator.evaluate(calibrated, fresh);
        EvaluationReport plain = Evaluator.evaluate(fixed, fresh);
        System.out.printf("ECE on new messages: calibrated %.4f (accuracy %.4f), fixed temperature 0.25 %.4f (accuracy %.4f)%n",
                good.expectedCalibrationError(), good.accuracy(), plain.expectedCalibrationError(), plain.accuracy());
        assertThat(good.expectedCalibrationError()).isLessThan(0.07).isLessThan(plain.expectedCalibrationError());
        assertThat(good.accuracy()).isGreaterThan(0.7);
    }

    @Test
    void correctionsOutweighTheLabelsTheyCorrect() {
        List<LabelledText> data = new java.util.ArrayList<>(Fixtures.generated(300, 0, 2));
        // scooters on pavements were filed as potholes; analysts moved three of them to traffic lights
        for (int i = 0; i < 4; i++) {
            data.add(new LabelledText("самокаты брошены на тротуаре " + i, "roads", "roads/potholes"));
        }
        List<LabelledText> corrections = List.of(
                new LabelledText("самокаты брошены на тротуаре у школы", "roads", "roads/traffic-lights"),
                new LabelledText("самокаты брошены на тротуаре во дворе", "roads", "roads/traffic-lights"),
                new LabelledText("самокаты на тротуаре брошены опять", "roads", "roads/traffic-lights"));
        String probe = "брошены самокаты на тротуаре";
        TopicModel before = new TopicModelTrainer().train(data, TrainingOptions.defaults(), ProgressListener.NONE);
        assertThat(before.predict(probe, 1).get(0).topic()).isEqualTo("roads/potholes");
        TopicModel after = new TopicModelTrainer().train(data, corrections, TrainingOptions.defaults(), ProgressListener.NONE);
        assertThat(after.predict(probe, 1).get(0).topic()).isEqualTo("roads/traffic-lights");
        assertThat(after.info().parameters()).containsEntry("corrections", "3");
    }
}
