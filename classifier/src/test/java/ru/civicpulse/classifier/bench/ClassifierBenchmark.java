package ru.civicpulse.classifier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import ru.civicpulse.classifier.CsvDataset;
import ru.civicpulse.classifier.MessageAnalyzer;
import ru.civicpulse.classifier.TopicModel;

/**
 * Texts per second on one thread: classifying (normalisation, tokenising, stemming, hashed word and
 * character n-grams, TF-IDF, linear scores, softmax, top 3) against merely tokenising the same
 * texts with Lucene's RussianAnalyzer. Run with the {@code bench} profile (see README); parameters
 * {@code data} (a CSV with a {@code text} column; {@code none} = synthetic texts) and {@code model}
 * (a model file; {@code default} = the shipped model).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Threads(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ClassifierBenchmark {
    static final int BATCH = 1000;

    @Param("none")
    public String data;

    @Param("default")
    public String model;

    private String[] texts;
    private TopicModel topicModel;
    private MessageAnalyzer analyzer;
    private RussianAnalyzer russian;
    private int next;

    @Setup
    public void setUp() throws IOException {
        List<String> all = data.equals("none") ? synthetic(5000) : readTexts(Paths.get(data));
        texts = all.toArray(String[]::new);
        if (model.equals("default")) {
            topicModel = TopicModel.loadDefault();
        } else {
            try (InputStream in = Files.newInputStream(Paths.get(model))) {
                topicModel = TopicModel.load(in);
            }
        }
        analyzer = new MessageAnalyzer(topicModel, 0.5);
        russian = new RussianAnalyzer();
    }

    private String[] batch() {
        String[] out = new String[BATCH];
        for (int i = 0; i < BATCH; i++) {
            out[i] = texts[next];
            next = (next + 1) % texts.length;
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void classify(Blackhole bh) {
        for (String t : batch()) {
            bh.consume(topicModel.predict(t, 3));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tokenizeRussianAnalyzer(Blackhole bh) throws IOException {
        for (String t : batch()) {
            try (TokenStream ts = russian.tokenStream("text", t)) {
                CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    bh.consume(term.length());
                }
                ts.end();
            }
        }
    }

    /** Everything the service runs per message: topic, tone, urgency, place, SimHash. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void analyzeFully(Blackhole bh) {
        for (String t : batch()) {
            bh.consume(analyzer.analyze(t, "voronezh", null));
        }
    }

    private static List<String> readTexts(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CsvDataset.readTexts(r, "text");
        }
    }

    /** Residents'-report-like texts built from fragments, for runs without a dataset. */
    static List<String> synthetic(int n) {
        String[] what = {"Нет горячей воды", "Яма на дороге", "Не вывозят мусор", "Не горит фонарь", "Сломаны качели",
            "Течет крыша", "Не убран снег", "Светофор не работает", "Открыт люк", "Батареи холодные"};
        String[] where = {"во дворе дома 15", "на улице Лизюкова", "у подъезда", "возле школы", "на остановке",
            "на Московском проспекте, д. 7", "в Шилово", "около магазина"};
        String[] tail = {"уже неделю.", "просим принять меры!", "сколько можно?!", "обращались, ответа нет.",
            "дети ходят рядом.", "спасибо заранее.", ""};
        Random random = new Random(3);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(what[random.nextInt(what.length)] + " " + where[random.nextInt(where.length)] + ", "
                    + tail[random.nextInt(tail.length)]);
        }
        return out;
    }
}
