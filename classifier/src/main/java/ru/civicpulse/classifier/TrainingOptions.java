package ru.civicpulse.classifier;

import java.util.LinkedHashMap;
import java.util.Map;
import ru.civicpulse.classifier.text.FeatureConfig;

/**
 * How to train: liblinear cost {@code c}; {@code twoLevel} = a group model plus a topic model
 * (otherwise one topic model whose groups are derived); feature hashing settings; {@code minDf} =
 * documents a bucket must occur in to be kept; {@code balanced} = class weights inversely
 * proportional to class frequency; {@code temperature} of the softmax over decision values.
 */
public record TrainingOptions(double c, boolean twoLevel, int hashBits, int wordNgrams, int charMin, int charMax,
        float charWeight, int minDf, boolean balanced, double temperature) {

    public static TrainingOptions defaults() {
        return new TrainingOptions(1.0, true, 20, 2, 2, 5, 1f, 2, true, 0.25);
    }

    FeatureConfig features() {
        return new FeatureConfig(hashBits, wordNgrams, charMin, charMax, charWeight);
    }

    public TrainingOptions withC(double value) {
        return new TrainingOptions(value, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced, temperature);
    }

    public TrainingOptions withTwoLevel(boolean value) {
        return new TrainingOptions(c, value, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced, temperature);
    }

    public TrainingOptions withMinDf(int value) {
        return new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, value, balanced, temperature);
    }

    /** Applies {@code key=value} overrides (the CLI's {@code --param}). */
    public TrainingOptions with(String key, String value) {
        TrainingOptions o = this;
        return switch (key) {
            case "c" -> o.withC(Double.parseDouble(value));
            case "twoLevel" -> o.withTwoLevel(Boolean.parseBoolean(value));
            case "hashBits" -> new TrainingOptions(c, twoLevel, Integer.parseInt(value), wordNgrams, charMin, charMax, charWeight, minDf, balanced, temperature);
            case "wordNgrams" -> new TrainingOptions(c, twoLevel, hashBits, Integer.parseInt(value), charMin, charMax, charWeight, minDf, balanced, temperature);
            case "charMin" -> new TrainingOptions(c, twoLevel, hashBits, wordNgrams, Integer.parseInt(value), charMax, charWeight, minDf, balanced, temperature);
            case "charMax" -> new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, Integer.parseInt(value), charWeight, minDf, balanced, temperature);
            case "charWeight" -> new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, charMax, Float.parseFloat(value), minDf, balanced, temperature);
            case "minDf" -> o.withMinDf(Integer.parseInt(value));
            case "balanced" -> new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, Boolean.parseBoolean(value), temperature);
            case "temperature" -> new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced, Double.parseDouble(value));
            default -> throw new IllegalArgumentException("unknown training parameter '" + key
                    + "'; known: c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced, temperature");
        };
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("solver", "liblinear L2R_L2LOSS_SVC_DUAL (one-vs-rest), softmax over decision values");
        m.put("c", Double.toString(c));
        m.put("twoLevel", Boolean.toString(twoLevel));
        m.put("hashBits", Integer.toString(hashBits));
        m.put("wordNgrams", Integer.toString(wordNgrams));
        m.put("charNgrams", charMax == 0 ? "off" : charMin + ".." + charMax);
        m.put("charWeight", Float.toString(charWeight));
        m.put("minDf", Integer.toString(minDf));
        m.put("balanced", Boolean.toString(balanced));
        m.put("temperature", Double.toString(temperature));
        return m;
    }
}
