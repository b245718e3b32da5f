package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ValidationDesignTest {

    @Test
    void textsThatReadTheSameShareAnId() {
        int[] ids = TopicModelTrainer.sameText(List.of(
                new LabelledText("Яма на дороге!", "roads", null),
                new LabelledText("яма  на   ДОРОГЕ", "roads", null),
                new LabelledText("Яма у дороги", "roads", null),
                new LabelledText("Яма на дороге!", "improvement", null)));
        assertThat(ids).containsExactly(0, 0, 1, 0);
    }

    @Test
    void noTextIsOnBothSidesOfTheHeldOutFifth() {
        // a third of the messages come back up to three times, as they are or in capitals with punctuation
        List<LabelledText> data = new ArrayList<>(Fixtures.generated(3000, 0.1, 3));
        for (int i = 0; i < 1000; i++) {
            LabelledText t = data.get(i);
            for (int r = 0; r < i % 4; r++) {
                data.add(r % 2 == 0 ? t : new LabelledText(t.text().toUpperCase(Locale.ROOT) + "!!", t.group(), t.topic()));
            }
        }
        List<String> groups = new ArrayList<>(new TreeSet<>(data.stream().map(LabelledText::group).toList()));
        int[] y = data.stream().mapToInt(t -> groups.indexOf(t.group())).toArray();
        int[] weight = new int[data.size()];
        Arrays.fill(weight, 1);
        int[] same = TopicModelTrainer.sameText(data);
        TopicModelTrainer.Labels labels = new TopicModelTrainer.Labels(y, null, groups.size(), 0, null, weight, data.size(), same);

        ValidationDesign design = new ValidationDesign(labels, Integer.MAX_VALUE, Integer.MAX_VALUE);

        Set<Integer> fitted = new HashSet<>();
        for (int i : design.fitRows().get(0)) {
            fitted.add(same[i]);
        }
        Set<Integer> validated = new HashSet<>();
        for (int i : design.validRows().get(0)) {
            validated.add(same[i]);
        }
        int distinct = Arrays.stream(same).max().orElseThrow() + 1;
        assertThat(distinct).as("the data repeats texts").isLessThan(data.size() * 3 / 4);
        assertThat(validated).doesNotContainAnyElementsOf(fitted);
        assertThat(design.validRows().get(0).length).isBetween(data.size() / 7, data.size() / 4);
        // every group is still validated on
        assertThat(Arrays.stream(design.validRows().get(0)).map(i -> y[i]).distinct().count()).isEqualTo(groups.size());
    }
}
