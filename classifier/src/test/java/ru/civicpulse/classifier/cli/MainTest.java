package ru.civicpulse.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.civicpulse.contracts.EventJson;

class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A generated labelled CSV in the portal-export shape: category and a finer reason. */
    private Path generatedCsv() throws Exception {
        String[][] kinds = {
            {"Дороги", "Ямы", "яма на дороге", "разбитый асфальт", "выбоина на проезжей части"},
            {"Дороги", "Светофоры", "не работает светофор", "сломан светофор", "светофор мигает"},
            {"ЖКХ", "Отопление", "холодные батареи", "нет отопления", "батареи не греют"},
            {"Мусор", "Вывоз", "не вывозят мусор", "переполнены контейнеры", "мусор у баков"},
        };
        String[] tails = {"возле дома", "во дворе", "уже неделю", "на улице Мира", "у школы", "с понедельника"};
        Random random = new Random(1);
        List<String> lines = new ArrayList<>(List.of("id,text,category,reason"));
        for (int i = 0; i < 80; i++) {
            String[] k = kinds[i % kinds.length];
            String text = k[2 + random.nextInt(3)] + ", " + tails[random.nextInt(tails.length)];
            lines.add(i + ",\"" + text + "\"," + k[0] + "," + k[1]);
        }
        Path csv = dir.resolve("data.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void trainsEvaluatesAndPredictsEndToEnd() throws Exception {
        Path csv = generatedCsv();
        Path model = dir.resolve("m/model.bin");
        Run train = run("", "train", "--data", csv.toString(), "--text-column", "text", "--label-column", "category",
                "--topic-column", "reason", "--out", model.toString(), "--holdout", "0.2", "--param", "c=0.5");
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(model).exists();
        assertThat(train.err()).contains("held-out");

        Run eval = run("", "evaluate", "--model", model.toString(), "--data", csv.toString(), "--label-column", "category", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode report = EventJson.mapper().readTree(eval.out());
        assertThat(report.get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(report.get("top3Accuracy").asDouble()).isEqualTo(1.0);
        assertThat(report.has("macroF1")).isTrue();
        assertThat(report.has("weightedF1")).isTrue();
        assertThat(report.get("perClass").get("Дороги").get("support").asInt()).isEqualTo(40);

        Run predict = run("Светофор сломан на перекрестке\n\nЯма на дороге у дома\n", "predict", "--model", model.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        String[] lines = predict.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = EventJson.mapper().readTree(lines[0]);
        assertThat(first.get("topic").get("group").asText()).isEqualTo("Дороги");
        assertThat(first.get("topic").get("topic").asText()).isEqualTo("Светофоры");
        assertThat(first.get("alternatives")).hasSize(3);
        assertThat(first.has("sentiment") && first.has("urgency") && first.has("simhash")).isTrue();

        Run csvPredict = run("id,text\n1,\"Нет отопления, батареи холодные\"\n", "predict", "--model", model.toString(), "--csv");
        assertThat(EventJson.mapper().readTree(csvPredict.out()).get("topic").get("topic").asText()).isEqualTo("Отопление");

        Run info = run("", "info", "--model", model.toString());
        assertThat(EventJson.mapper().readTree(info.out()).get("heldOut").get("examples").asInt()).isEqualTo(16);
    }

    @Test
    void trainingTakesCorrectionsAndEvaluationScoresThemApart() throws Exception {
        Path csv = generatedCsv();
        // analysts moved "фонари" messages, which the data never names, to a new category
        Path corrections = dir.resolve("corrections.csv");
        Files.write(corrections, List.of("id,text,category,reason",
                "1,\"не горят фонари во дворе\",Освещение,Фонари",
                "2,\"фонари не горят у школы\",Освещение,Фонари",
                "3,\"темно, фонари не работают\",Освещение,Фонари"), StandardCharsets.UTF_8);
        Path model = dir.resolve("corrected.bin");
        Run train = run("", "train", "--data", csv.toString(), "--label-column", "category", "--topic-column", "reason",
                "--corrections", corrections.toString(), "--out", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        // the chosen settings and validation scores are printed
        assertThat(train.err()).contains("selection: ").contains("validationGroups: accuracy").contains("temperature: ");

        Run eval = run("", "evaluate", "--model", model.toString(), "--data", csv.toString(), "--label-column", "category",
                "--topic-column", "reason", "--corrections", corrections.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode report = EventJson.mapper().readTree(eval.out());
        assertThat(report.get("ece").asDouble()).isBetween(0.0, 0.2);
        assertThat(report.get("corrections").get("examples").asInt()).isEqualTo(3);
        assertThat(report.get("corrections").get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(report.get("corrections").get("topics").get("accuracy").asDouble()).isEqualTo(1.0);

        Run predict = run("Фонари не горят на улице\n", "predict", "--model", model.toString());
        assertThat(EventJson.mapper().readTree(predict.out()).get("topic").get("group").asText()).isEqualTo("Освещение");
    }

    @Test
    void badInputGivesAClearMessageAndExitCode2() throws Exception {
        Path csv = generatedCsv();
        Run missing = run("", "train", "--data", csv.toString(), "--label-column", "rubric", "--out", dir.resolve("x").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("column 'rubric' not found; columns are: id, text, category, reason");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Run emptyRun = run("", "train", "--data", empty.toString(), "--label-column", "category", "--out", dir.resolve("x").toString());
        assertThat(emptyRun.code()).isEqualTo(2);
        assertThat(emptyRun.err()).contains("file is empty");

        Path model = dir.resolve("model.bin");
        assertThat(run("", "train", "--data", csv.toString(), "--label-column", "category", "--out", model.toString()).code()).isZero();
        Path other = Files.writeString(dir.resolve("other.csv"), "text,category\nКупите слона,Зоопарк\n");
        Run unknown = run("", "evaluate", "--model", model.toString(), "--data", other.toString(), "--label-column", "category");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("labels not known to the model: Зоопарк");

        assertThat(run("", "frobnicate").code()).isEqualTo(2);
        assertThat(run("", "train", "--data").err()).contains("needs a value");
        assertThat(run("", "evaluate", "--model", dir.resolve("nope.bin").toString(), "--data", csv.toString(), "--label-column", "category").err())
                .contains("model file not found");
    }

    @Test
    void helpDescribesTheCommands() {
        Run help = run("", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("train", "evaluate", "predict", "--label-column");
    }
}
