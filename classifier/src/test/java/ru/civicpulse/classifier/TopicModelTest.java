package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicModelTest {
    private static final List<String> PROBES = List.of(
            "Батареи холодные, отопления нет",
            "Яма на дороге у перекрестка",
            "Мусорные контейнеры переполнены, мусор не вывозят",
            "Светофор не работает",
            "что-то совсем другое");

    @Test
    void learnsTheFixtureTopicsAndRanksThemWithProbabilities() {
        TopicModel model = Fixtures.model();
        List<ScoredLabel> top = model.predict("Батареи холодные, отопления нет", 3);
        assertThat(top).hasSize(3);
        assertThat(top.get(0).group()).isEqualTo("housing-utilities");
        assertThat(top.get(0).topic()).isEqualTo("housing-utilities/heating");
        assertThat(top.get(0).confidence()).isGreaterThan(top.get(1).confidence());
        assertThat(top.stream().mapToDouble(ScoredLabel::confidence).sum()).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(model.predict("Яма на дороге у перекрестка", 1).get(0).topic()).isEqualTo("roads/potholes");
        assertThat(model.predict("Мусор не вывозят, контейнеры переполнены", 1).get(0).group()).isEqualTo("waste");
    }

    @Test
    void savedModelLoadsAndPredictsTheSame() throws IOException {
        TopicModel model = Fixtures.model();
        byte[] bytes = model.toBytes();
        TopicModel loaded = TopicModel.load(new ByteArrayInputStream(bytes));
        for (String probe : PROBES) {
            assertThat(loaded.predict(probe, 3)).isEqualTo(model.predict(probe, 3));
        }
        assertThat(loaded.info()).isEqualTo(model.info());
    }

    @Test
    void confidenceMapsAreStoredAndModelsWrittenBeforeThemStillLoad() throws IOException {
        // noisy labels: enough validation errors for the maps to be fitted
        TopicModel model = new TopicModelTrainer().train(Fixtures.generated(1500, 0.2, 5), TrainingOptions.defaults(),
                ProgressListener.NONE);
        String text = "батареи холодно дома";
        TopicModel loaded = TopicModel.load(new ByteArrayInputStream(model.toBytes()));
        assertThat(loaded.predict(text, 3)).isEqualTo(model.predict(text, 3));

        // the same model as format 2 wrote it: no maps, so the top confidence is the softmax probability
        byte[] old = rewriteHeader(model.toBytes(), header -> {
            header.put("format", 2);
            header.remove("groupCalibration");
            header.remove("topicCalibration");
        });
        TopicModel plain = TopicModel.load(new ByteArrayInputStream(old));
        TopicModel.Prediction raw = plain.score(text);
        List<ScoredLabel> top = plain.predict(text, 3);
        assertThat(top.get(0).topic()).isEqualTo(model.predict(text, 1).get(0).topic());
        assertThat(top.get(0).confidence()).isCloseTo(java.util.Arrays.stream(raw.topics()).max().orElseThrow(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(model.predict(text, 1).get(0).confidence()).isNotEqualTo(top.get(0).confidence());
    }

    private static byte[] rewriteHeader(byte[] model, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
            throws IOException {
        var json = ru.civicpulse.contracts.EventJson.mapper();
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(model));
                var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("model.json")) {
                    var header = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bytes);
                    edit.accept(header);
                    bytes = json.writeValueAsBytes(header);
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void storedFormIsTheSameWhateverTheOrderOfFeaturesInMemory() throws IOException {
        // in memory the features are ordered by frequency; the file keeps them by bucket
        TopicModel model = Fixtures.model();
        TopicModel loaded = TopicModel.load(new ByteArrayInputStream(model.toBytes()));
        assertThat(entries(loaded.toBytes())).isEqualTo(entries(model.toBytes()));
    }

    private static java.util.Map<String, String> entries(byte[] zip) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), java.util.HexFormat.of().formatHex(in.readAllBytes()));
            }
        }
        return out;
    }

    @Test
    void predictingAllocatesLittleMoreThanItsResult() {
        TopicModel model = Fixtures.model();
        String text = "Батареи холодные, отопления нет уже неделю [скрыто], https://example.org";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) {
            model.predict(text, 3); // scratch space and remembered words are set up on first use
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            model.predict(text, 3);
        }
        long perText = (threads.getCurrentThreadAllocatedBytes() - before) / 1000;
        // the list of three labels is about 150 bytes; normalising, features and scores reuse per-thread space
        assertThat(perText).isLessThan(400);
    }

    @Test
    void recordsProvenance() {
        ModelInfo info = Fixtures.model().info();
        assertThat(info.dataSha256()).hasSize(64).isEqualTo(TopicModelTrainer.sha256(Fixtures.data()));
        assertThat(info.examples()).isEqualTo(60);
        assertThat(info.groups()).containsExactly("housing-utilities", "roads", "waste");
        assertThat(info.topics()).hasSize(6).contains("roads/traffic-lights");
        assertThat(info.parameters()).containsKeys("c", "hashBits", "charNgrams");
        assertThat(info.version()).endsWith(info.dataSha256().substring(0, 8));
        assertThat(info.trainedAt()).isNotNull();
    }

    @Test
    void twoLevelModelsAgreeOnGroupsAndKeepTopicsInsideThem() {
        TopicModel two = new TopicModelTrainer().train(Fixtures.data(), TrainingOptions.defaults().withTwoLevel(true), ProgressListener.NONE);
        ScoredLabel best = two.predict("Светофор мигает и не работает", 3).get(0);
        assertThat(best.group()).isEqualTo("roads");
        assertThat(best.topic()).startsWith(best.group() + "/");
        assertThat(two.info().parameters()).containsEntry("twoLevel", "true");
    }

    @Test
    void twoLevelTopKScoresOnlyLikelyGroupsButRanksLikeScoringEverything() {
        TopicModel two = Fixtures.model();
        assertThat(two.info().parameters()).containsEntry("twoLevel", "true");
        List<String> texts = new java.util.ArrayList<>(PROBES);
        texts.addAll(Fixtures.data().stream().map(LabelledText::text).toList());
        for (String text : texts) {
            TopicModel.Prediction all = two.score(text);
            int topics = all.topics().length;
            for (int k : new int[] {1, 3, topics}) {
                List<ScoredLabel> top = two.predict(text, k);
                int[] expected = TopicModel.topK(all.topics(), k);
                assertThat(top).hasSize(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(top.get(i).topic()).as(text).isEqualTo(two.topics().get(expected[i]));
                    assertThat(top.get(i).confidence()).isCloseTo(all.topics()[expected[i]], org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void groupOnlyDataGivesAGroupOnlyModel() {
        List<LabelledText> groupsOnly = Fixtures.data().stream().map(t -> new LabelledText(t.text(), t.group(), null)).toList();
        TopicModel model = new TopicModelTrainer().train(groupsOnly, TrainingOptions.defaults(), ProgressListener.NONE);
        ScoredLabel best = model.predict("Светофор не работает", 1).get(0);
        assertThat(best.group()).isEqualTo("roads");
        assertThat(best.topic()).isNull();
        assertThat(model.hasTopics()).isFalse();
    }

    @Test
    void rejectsDataWithASingleLabelAndGarbageBytes() {
        List<LabelledText> one = List.of(new LabelledText("a", "x", null), new LabelledText("b", "x", null));
        assertThatThrownBy(() -> new TopicModelTrainer().train(one, TrainingOptions.defaults(), ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> TopicModel.load(new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(IOException.class);
    }

    @Test
    void analyzerFlagsLowConfidenceForReview() {
        MessageAnalyzer analyzer = new MessageAnalyzer(Fixtures.model(), 0.9);
        // nothing in the text resembles the training data: low confidence, flagged for review
        assertThat(analyzer.analyze("Прошу разобраться с этим вопросом", "voronezh", null).needsReview()).isTrue();
        Analysis a = analyzer.analyze("Нет отопления, батареи ледяные, Московский проспект, д. 7", "voronezh",
                java.time.Instant.parse("2026-01-10T10:00:00Z"));
        assertThat(a.topic().group()).isEqualTo("housing-utilities");
        assertThat(a.alternatives()).hasSize(3).first().isEqualTo(a.topic());
        assertThat(a.urgency().reasons()).contains("no-heating");
        assertThat(a.location().district()).isEqualTo("kominternovsky");
        assertThat(a.simhash()).isEqualTo(NearDuplicates.simhash("Нет отопления, батареи ледяные, Московский проспект, д. 7"));
        assertThat(new MessageAnalyzer(Fixtures.model(), 0.0).analyze("Нет отопления", "voronezh", null).needsReview()).isFalse();
    }

    @Test
    void defaultModelShipsWithTheBuild() {
        TopicModel model = TopicModel.loadDefault();
        assertThat(model.info().groups()).contains("housing-utilities", "roads", "waste");
        assertThat(model.info().heldOut()).isNotNull();
        assertThat(model.predict("Третий день нет отопления в квартире, батареи ледяные", 3))
                .extracting(ScoredLabel::group).contains("housing-utilities");
    }
}
