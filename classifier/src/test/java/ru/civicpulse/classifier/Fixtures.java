package ru.civicpulse.classifier;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The small hand-written training fixture (three groups, six topics) and a model trained on it once. */
public final class Fixtures {
    private static TopicModel model;

    private Fixtures() {
    }

    public static List<LabelledText> data() {
        try (Reader r = new InputStreamReader(Fixtures.class.getResourceAsStream("/fixture.csv"), StandardCharsets.UTF_8)) {
            return CsvDataset.read(r, "text", "group", "topic");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized TopicModel model() {
        if (model == null) {
            model = new TopicModelTrainer().train(data(), TrainingOptions.defaults(), ProgressListener.NONE);
        }
        return model;
    }
}
