package ru.civicpulse.classifier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ru.civicpulse.classifier.Analysis;
import ru.civicpulse.classifier.CsvDataset;
import ru.civicpulse.classifier.EvaluationReport;
import ru.civicpulse.classifier.Evaluator;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.classifier.MessageAnalyzer;
import ru.civicpulse.classifier.ModelInfo;
import ru.civicpulse.classifier.ProgressListener;
import ru.civicpulse.classifier.Splits;
import ru.civicpulse.classifier.TopicModel;
import ru.civicpulse.classifier.TopicModelTrainer;
import ru.civicpulse.classifier.TrainingOptions;
import ru.civicpulse.contracts.EventJson;

/** Command line: train, evaluate, predict, info. Exit codes: 0 success, 2 bad usage or bad data, 1 failure. */
public final class Main {
    static final String USAGE = """
            usage: java -jar classifier-cli.jar COMMAND [options]

            commands:
              train     --data FILE.csv --label-column COL [--text-column text] [--topic-column COL]
                        --out MODEL [--holdout 0.2] [--corrections FILE.csv] [--param key=value ...]
                        Trains a model. Chooses c, weightPower, charWeight, nbWeight and twoLevel on a
                        validation split of the training data and calibrates the confidences
                        (values given with --param are kept). With --holdout, scores a model
                        fitted on the rest on that stratified share, records the scores, then
                        refits on all data. --corrections: analysts' corrected examples (same
                        columns), each counted correctionWeight times (default 3).
                        Parameters: c, twoLevel, hashBits, wordNgrams, charMin, charMax, charWeight,
                        minDf, balanced, weightPower, solver (ovr|crammer-singer), temperature,
                        select, calibrate, correctionWeight, nbWeight.
              evaluate  --model MODEL|default --data FILE.csv --label-column COL [--text-column text]
                        [--topic-column COL] [--corrections FILE.csv] [--json] [--allow-unknown-labels]
                        Accuracy, macro-F1, weighted-F1, top-3 accuracy, expected calibration
                        error, per-class scores; with --corrections, also the scores on the
                        corrected messages alone.
              predict   --model MODEL|default [--municipality voronezh] [--threshold 0.5]
                        [--csv --text-column text] [--published-at ISO-INSTANT]
                        Reads texts from standard input (one per line, or a CSV with --csv) and
                        writes one JSON analysis per text.
              info      --model MODEL|default      Prints the model's provenance as JSON.

            Progress goes to standard error. Exit code 2 means bad usage or bad input data.
            """;

    /** Bad usage or bad input: reported without a stack trace, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Main(System.in, out, err).run(args);
        out.flush();
        System.exit(code);
    }

    int run(String[] args) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return 0;
        }
        try {
            Options o = Options.parse(args);
            if (o.flag("help")) {
                out.print(USAGE);
                return 0;
            }
            switch (args[0]) {
                case "train" -> train(o);
                case "evaluate" -> evaluate(o);
                case "predict" -> predict(o);
                case "info" -> out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(loadModel(o.required("model")).info()));
                default -> throw new UsageException("unknown command '" + args[0] + "'; commands: train, evaluate, predict, info (see --help)");
            }
            out.flush();
            return 0;
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: file not found: " + e.getFile());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private void train(Options o) throws IOException {
        List<LabelledText> data = readData(o);
        TrainingOptions options = TrainingOptions.defaults();
        for (String kv : o.all("param")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param expects key=value, got '" + kv + "'");
            }
            options = options.with(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        Path target = Paths.get(o.required("out"));
        List<LabelledText> corrections = o.has("corrections") ? readData(o, o.value("corrections")) : List.of();
        TopicModelTrainer trainer = new TopicModelTrainer();
        ProgressListener progress = progress();
        EvaluationReport heldOut = null;
        if (o.has("holdout")) {
            Splits.Split split = Splits.stratified(data, Double.parseDouble(o.value("holdout")), 42);
            TopicModel scored = trainer.train(split.train(), corrections, options, progress);
            heldOut = Evaluator.evaluate(scored, split.heldOut());
            err.printf("held-out (%d examples): accuracy %.4f, macro-F1 %.4f, weighted-F1 %.4f, top-3 %.4f%n",
                    heldOut.examples(), heldOut.accuracy(), heldOut.macroF1(), heldOut.weightedF1(), heldOut.top3Accuracy());
        }
        TopicModel model = trainer.train(data, corrections, options, progress);
        for (String key : List.of("selection", "c", "weightPower", "topicC", "topicWeightPower", "charWeight", "nbWeight", "twoLevel",
                "temperature", "topicTemperature", "validationGroups", "validationTopics")) {
            String value = model.info().parameters().get(key);
            if (value != null) {
                err.printf("%s: %s%n", key, value);
            }
        }
        if (heldOut != null) {
            model = model.withHeldOutScores(heldOut);
        }
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        try (OutputStream os = Files.newOutputStream(target)) {
            model.save(os);
        }
        ModelInfo info = model.info();
        err.printf("model %s: %d examples, %d groups, %d topics -> %s (%d bytes)%n", info.version(), info.examples(),
                info.groups().size(), info.topics().size(), target, Files.size(target));
    }

    private void evaluate(Options o) throws IOException {
        TopicModel model = loadModel(o.required("model"));
        List<LabelledText> data = readData(o);
        List<LabelledText> corrections = o.has("corrections") ? readData(o, o.value("corrections")) : List.of();
        boolean topics = o.has("topic-column");
        if (topics && !model.hasTopics()) {
            throw new UsageException("--topic-column given but the model has no topics");
        }
        if (!o.flag("allow-unknown-labels")) {
            Set<String> known = new TreeSet<>(model.info().groups());
            Set<String> unknown = new TreeSet<>();
            for (LabelledText t : data) {
                if (!known.contains(t.group())) {
                    unknown.add(t.group());
                }
                if (topics && !model.info().topics().contains(t.topic())) {
                    unknown.add(t.topic());
                }
            }
            if (!unknown.isEmpty()) {
                throw new UsageException("labels not known to the model: " + String.join(", ", unknown)
                        + " (use --allow-unknown-labels to score them as errors)");
            }
        }
        long start = System.nanoTime();
        EvaluationReport groups = Evaluator.evaluate(model, data, false, progress());
        EvaluationReport topicReport = topics ? Evaluator.evaluate(model, data, true, progress()) : null;
        EvaluationReport correctedGroups = corrections.isEmpty() ? null : Evaluator.evaluate(model, corrections, false, ProgressListener.NONE);
        EvaluationReport correctedTopics = corrections.isEmpty() || !topics ? null
                : Evaluator.evaluate(model, corrections, true, ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf("scored %d texts in %.1f s%n", data.size() + corrections.size(), seconds);
        if (o.flag("json")) {
            Map<String, Object> json = reportJson(groups);
            if (topicReport != null) {
                json.put("topics", reportJson(topicReport));
            }
            if (correctedGroups != null) {
                Map<String, Object> corrected = reportJson(correctedGroups);
                if (correctedTopics != null) {
                    corrected.put("topics", reportJson(correctedTopics));
                }
                json.put("corrections", corrected);
            }
            out.println(EventJson.mapper().writeValueAsString(json));
        } else {
            printReport(o.required("label-column"), groups);
            if (topicReport != null) {
                printReport(o.value("topic-column"), topicReport);
            }
            if (correctedGroups != null) {
                printReport("corrected " + o.required("label-column"), correctedGroups);
                if (correctedTopics != null) {
                    printReport("corrected " + o.value("topic-column"), correctedTopics);
                }
            }
        }
    }

    private static Map<String, Object> reportJson(EvaluationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", r.examples());
        m.put("accuracy", r.accuracy());
        m.put("macroF1", r.macroF1());
        m.put("weightedF1", r.weightedF1());
        m.put("top3Accuracy", r.top3Accuracy());
        m.put("ece", r.expectedCalibrationError());
        m.put("perClass", r.perClass());
        m.put("labels", r.labels());
        m.put("confusion", r.confusion());
        return m;
    }

    private void printReport(String column, EvaluationReport r) {
        out.printf("%s: %d examples%n", column, r.examples());
        out.printf("  accuracy     %.4f%n  macro-F1     %.4f%n  weighted-F1  %.4f%n  top-3        %.4f%n",
                r.accuracy(), r.macroF1(), r.weightedF1(), r.top3Accuracy());
        if (r.expectedCalibrationError() != null) {
            out.printf("  ECE          %.4f%n", r.expectedCalibrationError());
        }
        out.printf("  %-60s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support");
        r.perClass().forEach((label, s) -> out.printf("  %-60s %9.3f %9.3f %9.3f %8d%n",
                label.length() > 60 ? label.substring(0, 59) + "…" : label, s.precision(), s.recall(), s.f1(), s.support()));
    }

    private void predict(Options o) throws IOException {
        TopicModel model = loadModel(o.value("model") == null ? "default" : o.value("model"));
        double threshold = o.has("threshold") ? Double.parseDouble(o.value("threshold")) : 0.5;
        MessageAnalyzer analyzer = new MessageAnalyzer(model, threshold);
        String municipality = o.value("municipality") == null ? "voronezh" : o.value("municipality");
        Instant at = o.has("published-at") ? Instant.parse(o.value("published-at")) : Instant.now();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> texts;
        if (o.flag("csv")) {
            texts = CsvDataset.readTexts(reader, o.value("text-column") == null ? "text" : o.value("text-column"));
        } else {
            texts = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    texts.add(line);
                }
            }
        }
        ObjectMapper json = EventJson.mapper();
        for (String text : texts) {
            Analysis a = analyzer.analyze(text, municipality, at);
            out.println(json.writeValueAsString(a));
        }
    }

    private List<LabelledText> readData(Options o) throws IOException {
        return readData(o, o.required("data"));
    }

    private List<LabelledText> readData(Options o, String file) throws IOException {
        Path data = Paths.get(file);
        if (!Files.exists(data)) {
            throw new UsageException("data file not found: " + data);
        }
        String text = o.value("text-column") == null ? "text" : o.value("text-column");
        List<LabelledText> rows = CsvDataset.read(data, text, o.required("label-column"), o.value("topic-column"));
        err.printf("read %d examples from %s%n", rows.size(), data);
        return rows;
    }

    private TopicModel loadModel(String ref) throws IOException {
        if (ref.equals("default")) {
            return TopicModel.loadDefault();
        }
        Path p = Paths.get(ref);
        if (!Files.exists(p)) {
            throw new UsageException("model file not found: " + p);
        }
        try (InputStream is = Files.newInputStream(p)) {
            return TopicModel.load(is);
        }
    }

    private ProgressListener progress() {
        Map<String, Integer> last = new HashMap<>();
        return (stage, fraction) -> {
            int pct = (int) Math.round(fraction * 100);
            Integer prev = last.put(stage, pct);
            if (prev == null || pct / 25 != prev / 25 || pct == 100 && prev != 100) {
                err.printf("%s %d%%%n", stage, pct);
            }
        };
    }

    /** --name value pairs (repeatable) and bare --flags. */
    record Options(Map<String, List<String>> values) {
        private static final Set<String> FLAGS = Set.of("json", "csv", "help", "allow-unknown-labels");

        static Options parse(String[] args) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + a + "'");
                }
                String name = a.substring(2);
                if (FLAGS.contains(name)) {
                    m.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else {
                    if (i + 1 >= args.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    m.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
                }
            }
            return new Options(m);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        String value(String name) {
            List<String> v = values.get(name);
            return v == null ? null : v.get(v.size() - 1);
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        String required(String name) {
            String v = value(name);
            if (v == null) {
                throw new UsageException("missing required option --" + name);
            }
            return v;
        }
    }
}
