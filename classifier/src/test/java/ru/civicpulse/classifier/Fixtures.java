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

    private static final String[][] KINDS = {
        {"housing-utilities", "housing-utilities/heating", "батареи", "отопление", "холодно", "радиатор", "греют"},
        {"housing-utilities", "housing-utilities/hot-water", "горячая", "вода", "кран", "напор", "кипяток"},
        {"roads", "roads/potholes", "яма", "асфальт", "выбоина", "колея", "покрытие"},
        {"roads", "roads/traffic-lights", "светофор", "перекресток", "мигает", "сигнал", "переход"},
        {"waste", "waste/waste-collection", "мусор", "контейнер", "баки", "вывоз", "отходы"},
        {"waste", "waste/illegal-dumps", "свалка", "хлам", "шины", "пустырь", "навал"},
    };
    private static final String[] FILLER = {"у", "дома", "во", "дворе", "уже", "неделю", "на", "улице", "мира",
        "прошу", "разобраться", "опять", "снова", "жильцы", "жалуются", "возле", "школы", "сколько", "можно"};

    /**
     * {@code n} generated messages: two to three words of their topic among filler words; a share
     * {@code noise} of them carry a random other label (as real, noisy labels do), so a model
     * cannot be sure of everything and its confidence has something to be calibrated against.
     */
    public static List<LabelledText> generated(int n, double noise, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<LabelledText> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] kind = KINDS[random.nextInt(KINDS.length)];
            StringBuilder text = new StringBuilder();
            int words = 2 + random.nextInt(2);
            for (int w = 0; w < words; w++) {
                text.append(kind[2 + random.nextInt(kind.length - 2)]).append(' ');
                text.append(FILLER[random.nextInt(FILLER.length)]).append(' ');
            }
            String[] label = random.nextDouble() < noise ? KINDS[random.nextInt(KINDS.length)] : kind;
            out.add(new LabelledText(text.toString().strip(), label[0], label[1]));
        }
        return out;
    }

    public static synchronized TopicModel model() {
        if (model == null) {
            model = new TopicModelTrainer().train(data(), TrainingOptions.defaults(), ProgressListener.NONE);
        }
        return model;
    }
}
