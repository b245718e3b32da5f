package ru.civicpulse.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Generated labelled CSVs with labels of their own, unlike the default taxonomy. */
final class TrainingData {
    static final List<String> ALPHA = List.of("кошка", "котёнок", "мяукает", "мурлычет", "усатый", "хвост", "лапки", "миска");
    static final List<String> BETA = List.of("трактор", "комбайн", "пашет", "поле", "урожай", "зерно", "сеялка", "борозда");

    private TrainingData() {
    }

    /** {@code rows} examples per label, columns {@code message,category}. */
    static Path csv(int rows) {
        StringBuilder csv = new StringBuilder("message,category\n");
        for (int i = 0; i < rows; i++) {
            csv.append('"').append(sentence(ALPHA, i)).append("\",alpha\n");
            csv.append('"').append(sentence(BETA, i)).append("\",beta\n");
        }
        try {
            Path file = Files.createTempFile("training", ".csv");
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sentence(List<String> words, int i) {
        return "Сегодня " + words.get(i % words.size()) + " и " + words.get((i * 3 + 1) % words.size()) + ", потом "
                + words.get((i * 5 + 2) % words.size()) + " номер " + i;
    }
}
