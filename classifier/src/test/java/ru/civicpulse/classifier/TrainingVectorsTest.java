package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import de.bwaldvogel.liblinear.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TrainingVectorsTest {

    @Test
    void trainingRowsAndPredictionVectorsAreTheSame() {
        List<LabelledText> data = Fixtures.generated(800, 0.1, 11);
        TrainingOptions options = TrainingOptions.defaults()
                .with("select", "false").with("calibrate", "false").with("nbWeight", "0.5").with("charWeight", "0.7");
        TopicModel model = new TopicModelTrainer().train(data, options, ProgressListener.NONE);

        // the training side, as the trainer builds it, for the training texts and for texts it never saw
        List<String> unseen = List.of("Батареи холодные, отопления нет уже неделю, батареи!", "Яма на дороге у перекрестка",
                "мусор мусор мусор не вывозят", "Светофор не работает [скрыто] https://example.org", "", "что-то совсем другое");
        List<LabelledText> all = new ArrayList<>(data);
        unseen.forEach(t -> all.add(new LabelledText(t, "roads", "roads/potholes")));
        // the naive-Bayes scale is learnt from the finest labels: topics, numbered in sorted order
        List<String> topics = new ArrayList<>(new TreeSet<>(data.stream().map(LabelledText::topic).toList()));
        int[] y = all.stream().mapToInt(t -> topics.indexOf(t.topic())).toArray();
        int[] fit = new int[data.size()];
        int[] build = new int[all.size()];
        for (int i = 0; i < build.length; i++) {
            build[i] = i;
            if (i < fit.length) {
                fit[i] = i;
            }
        }
        TrainingVectors.Docs docs = TrainingVectors.extract(all, options.features(), ProgressListener.NONE);
        TrainingVectors.Vectors v = TrainingVectors.vectorise(docs, fit, build, options.minDf(), options.charWeight(),
                options.nbWeight(), y, topics.size());

        int compared = 0;
        for (int i = 0; i < all.size(); i++) {
            SortedMap<Integer, Float> trained = new TreeMap<>();
            for (Feature f : v.x()[i]) {
                if (f.getIndex() <= v.features()) { // not the bias feature
                    trained.put(v.buckets()[f.getIndex() - 1], (float) f.getValue());
                }
            }
            SortedMap<Integer, Float> predicted = model.vector(all.get(i).text());
            assertThat(predicted.keySet()).as(all.get(i).text()).isEqualTo(trained.keySet());
            for (Map.Entry<Integer, Float> e : trained.entrySet()) {
                // the norm may sum the same squares in another order: float rounding only
                assertThat(predicted.get(e.getKey())).isCloseTo(e.getValue(), within(1e-6f));
            }
            compared += trained.size();
        }
        assertThat(compared).isGreaterThan(10_000);
    }
}
