package ru.civicpulse.classifier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ru.civicpulse.classifier.text.FeatureConfig;

/**
 * How to train: liblinear cost {@code c}; {@code twoLevel} = a group model plus a topic model
 * (otherwise one topic model whose groups are derived); feature hashing settings; {@code minDf} =
 * documents a bucket must occur in to be kept; {@code balanced} = class weights
 * (N / (K · n_class))^{@code weightPower} (0.5: damped, 1: fully inverse to class frequency);
 * {@code solver} = {@code ovr} (one-vs-rest L2-loss SVMs) or {@code crammer-singer} (one
 * multi-class SVM); {@code temperature} of the softmax over decision values (used as it is only
 * when calibration is off).
 *
 * <p>{@code select}: choose {@code c}, {@code weightPower} (per level), {@code charWeight} and
 * {@code twoLevel} on a stratified validation split of the training data; values set explicitly
 * with {@link #with} are kept as given. {@code calibrate}: fit the softmax temperatures on that
 * split. {@code correctionWeight}: how many training examples one analyst's correction counts as
 * (rounded to a whole number, at least 1). {@code nbWeight}: exponent of the naive-Bayes scaling of
 * each feature (its largest class-against-the-rest log-count ratio, see
 * {@link TopicModelTrainer#nbScale}); 0 = plain TF-IDF. Selection tries 1, then 0.
 */
public record TrainingOptions(double c, boolean twoLevel, int hashBits, int wordNgrams, int charMin, int charMax,
        float charWeight, int minDf, boolean balanced, double weightPower, String solver, double temperature,
        boolean select, boolean calibrate, double correctionWeight, double nbWeight, Set<String> explicit) {

    public static final String OVR = "ovr";
    public static final String CRAMMER_SINGER = "crammer-singer";
    static final String KNOWN = "c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced, weightPower, "
            + "solver, temperature, select, calibrate, correctionWeight, nbWeight";

    public TrainingOptions {
        if (!(c > 0)) {
            throw new IllegalArgumentException("c must be positive");
        }
        if (!OVR.equals(solver) && !CRAMMER_SINGER.equals(solver)) {
            throw new IllegalArgumentException("solver must be " + OVR + " or " + CRAMMER_SINGER + ", got " + solver);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive");
        }
        if (!(correctionWeight >= 1)) {
            throw new IllegalArgumentException("correctionWeight must be at least 1");
        }
        if (!(nbWeight >= 0 && nbWeight <= 2)) {
            throw new IllegalArgumentException("nbWeight must be within 0..2");
        }
        new FeatureConfig(hashBits, wordNgrams, charMin, charMax, charWeight); // validates the feature settings
        explicit = explicit == null ? Set.of() : Set.copyOf(explicit);
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(0.5, true, 20, 2, 2, 5, 0.7f, 2, true, 0.5, OVR, 0.25, true, true, 3, 0.5, Set.of());
    }

    /** Whether {@code key} was set with {@link #with} (model selection leaves such values alone). */
    public boolean isExplicit(String key) {
        return explicit.contains(key);
    }

    FeatureConfig features() {
        return new FeatureConfig(hashBits, wordNgrams, charMin, charMax, charWeight);
    }

    public TrainingOptions withC(double value) {
        return with("c", Double.toString(value));
    }

    public TrainingOptions withTwoLevel(boolean value) {
        return with("twoLevel", Boolean.toString(value));
    }

    public TrainingOptions withMinDf(int value) {
        return with("minDf", Integer.toString(value));
    }

    /** Applies a {@code key=value} override (the CLI's {@code --param}). */
    public TrainingOptions with(String key, String value) {
        double c = this.c;
        boolean twoLevel = this.twoLevel;
        int hashBits = this.hashBits;
        int wordNgrams = this.wordNgrams;
        int charMin = this.charMin;
        int charMax = this.charMax;
        float charWeight = this.charWeight;
        int minDf = this.minDf;
        boolean balanced = this.balanced;
        double weightPower = this.weightPower;
        String solver = this.solver;
        double temperature = this.temperature;
        boolean select = this.select;
        boolean calibrate = this.calibrate;
        double correctionWeight = this.correctionWeight;
        double nbWeight = this.nbWeight;
        switch (key) {
            case "c" -> c = Double.parseDouble(value);
            case "twoLevel" -> twoLevel = Boolean.parseBoolean(value);
            case "hashBits" -> hashBits = Integer.parseInt(value);
            case "wordNgrams" -> wordNgrams = Integer.parseInt(value);
            case "charMin" -> charMin = Integer.parseInt(value);
            case "charMax" -> charMax = Integer.parseInt(value);
            case "charWeight" -> charWeight = Float.parseFloat(value);
            case "minDf" -> minDf = Integer.parseInt(value);
            case "balanced" -> balanced = Boolean.parseBoolean(value);
            case "weightPower" -> weightPower = Double.parseDouble(value);
            case "solver" -> solver = value;
            case "temperature" -> temperature = Double.parseDouble(value);
            case "select" -> select = Boolean.parseBoolean(value);
            case "calibrate" -> calibrate = Boolean.parseBoolean(value);
            case "correctionWeight" -> correctionWeight = Double.parseDouble(value);
            case "nbWeight" -> nbWeight = Double.parseDouble(value);
            default -> throw new IllegalArgumentException("unknown training parameter '" + key + "'; known: " + KNOWN);
        }
        Set<String> keys = new TreeSet<>(explicit);
        keys.add(key);
        return new TrainingOptions(c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight, minDf, balanced,
                weightPower, solver, temperature, select, calibrate, correctionWeight, nbWeight, keys);
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("solver", OVR.equals(solver)
                ? "liblinear L2R_L2LOSS_SVC_DUAL (one-vs-rest), softmax over decision values"
                : "liblinear MCSVM_CS (Crammer-Singer), softmax over decision values");
        m.put("c", Double.toString(c));
        m.put("twoLevel", Boolean.toString(twoLevel));
        m.put("hashBits", Integer.toString(hashBits));
        m.put("wordNgrams", Integer.toString(wordNgrams));
        m.put("charNgrams", charMax == 0 ? "off" : charMin + ".." + charMax);
        m.put("charWeight", Float.toString(charWeight));
        m.put("minDf", Integer.toString(minDf));
        m.put("balanced", Boolean.toString(balanced));
        m.put("weightPower", Double.toString(weightPower));
        m.put("temperature", Double.toString(temperature));
        m.put("select", Boolean.toString(select));
        m.put("calibrate", Boolean.toString(calibrate));
        m.put("correctionWeight", Double.toString(correctionWeight));
        m.put("nbWeight", Double.toString(nbWeight));
        if (!explicit.isEmpty()) {
            m.put("explicit", String.join(",", explicit));
        }
        return m;
    }
}
