package ru.civicpulse.classifier.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import ru.civicpulse.classifier.CsvDataset;
import ru.civicpulse.classifier.EvaluationReport;
import ru.civicpulse.classifier.Evaluator;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.classifier.ProgressListener;
import ru.civicpulse.classifier.Splits;
import ru.civicpulse.classifier.TopicModel;
import ru.civicpulse.classifier.TopicModelTrainer;
import ru.civicpulse.classifier.TrainingOptions;

/**
 * Build step: trains the default model from {@code seed/*.csv} (columns text, group, topic).
 * Scores a model fitted on a stratified 80% against the other 20% and prints the scores; ships a
 * model fitted on all seed data, with those held-out scores in its provenance.
 */
public final class DefaultModelBuilder {
    private DefaultModelBuilder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DefaultModelBuilder SEED_DIR OUT_MODEL");
            System.exit(2);
        }
        Path seedDir = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(seedDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(seedDir, "*.csv")) {
                ds.forEach(files::add);
            }
        }
        files.sort(null);
        if (files.isEmpty()) {
            System.out.println("[default-model] no seed/*.csv in " + seedDir + ": no default model built");
            return;
        }
        List<LabelledText> data = new ArrayList<>();
        for (Path f : files) {
            data.addAll(CsvDataset.read(f, "text", "group", "topic"));
        }
        long start = System.nanoTime();
        TrainingOptions options = TrainingOptions.defaults();
        Splits.Split split = Splits.stratified(data, 0.2, 42);
        TopicModelTrainer trainer = new TopicModelTrainer();
        // The scored 80% model and the shipped all-data model are independent: fit them side by side.
        java.util.concurrent.CompletableFuture<TopicModel> full = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> trainer.train(data, options, ProgressListener.NONE));
        TopicModel scored = trainer.train(split.train(), options, ProgressListener.NONE);
        EvaluationReport groups = Evaluator.evaluate(scored, split.heldOut());
        System.out.printf("[default-model] seed corpus: %d examples from %d files, held out %d (stratified 20%%)%n",
                data.size(), files.size(), split.heldOut().size());
        System.out.printf("[default-model] held-out groups: accuracy %.3f, macro-F1 %.3f, weighted-F1 %.3f, top-3 %.3f%n",
                groups.accuracy(), groups.macroF1(), groups.weightedF1(), groups.top3Accuracy());
        if (scored.hasTopics()) {
            EvaluationReport topics = Evaluator.evaluateTopics(scored, split.heldOut());
            System.out.printf("[default-model] held-out topics: accuracy %.3f, macro-F1 %.3f, weighted-F1 %.3f, top-3 %.3f%n",
                    topics.accuracy(), topics.macroF1(), topics.weightedF1(), topics.top3Accuracy());
        }
        TopicModel model = full.join().withHeldOutScores(groups);
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
            model.save(os);
        }
        System.out.printf("[default-model] refit on all %d examples: %s, %d bytes, %.1f s%n",
                data.size(), out.getFileName(), Files.size(out), (System.nanoTime() - start) / 1e9);
    }
}
