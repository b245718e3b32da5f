package ru.civicpulse.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Stratified train/held-out split: each label keeps its share in both parts; reproducible by seed. */
public final class Splits {
    private Splits() {
    }

    public record Split(List<LabelledText> train, List<LabelledText> heldOut) {
    }

    /** Stratified by topic when present, else by group. Labels with a single example stay in train. */
    public static Split stratified(List<LabelledText> data, double heldOutFraction, long seed) {
        if (heldOutFraction <= 0 || heldOutFraction >= 1) {
            throw new IllegalArgumentException("held-out fraction must be within (0, 1)");
        }
        Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
        for (LabelledText t : data) {
            String key = t.topic() != null ? t.group() + '\u0000' + t.topic() : t.group();
            byLabel.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        Random random = new Random(seed);
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> heldOut = new ArrayList<>();
        for (List<LabelledText> group : byLabel.values()) {
            List<LabelledText> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            int take = shuffled.size() < 2 ? 0 : Math.max(1, (int) Math.round(shuffled.size() * heldOutFraction));
            heldOut.addAll(shuffled.subList(0, take));
            train.addAll(shuffled.subList(take, shuffled.size()));
        }
        return new Split(train, heldOut);
    }
}
