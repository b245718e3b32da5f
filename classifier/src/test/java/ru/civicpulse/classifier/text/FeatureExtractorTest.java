package ru.civicpulse.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private static final FeatureConfig CONFIG = new FeatureConfig(16, 2, 2, 5, 1f);

    @Test
    void extractingATextAllocatesNothingOnceWarm() {
        FeatureExtractor extractor = new FeatureExtractor(CONFIG);
        String text = "Батареи ХОЛОДНЫЕ, отопления нет уже неделю!!! [скрыто], https://example.org @admin 😡 дом 15";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int features = 0;
        for (int i = 0; i < 1000; i++) {
            features += extractor.extract(text).size; // per-thread buffers are set up on first use
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            features += extractor.extract(text).size;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(features).isEqualTo(2000 * extractor.extract(text).size);
        assertThat(allocated).isLessThan(1000); // no string or array per word or n-gram: not even a byte per text
    }

    @Test
    void featureIdsAreTheBucketsThroughTheTableInTheSameOrderWhetherWordsAreRememberedOrNot() {
        // a vocabulary of every other bucket, numbered in reverse, so that a wrong mapping shows
        int[] table = new int[1 << CONFIG.hashBits()];
        for (int b = 0; b < table.length; b++) {
            table[b] = b % 2 == 0 ? table.length - b : -1;
        }
        FeatureExtractor plain = new FeatureExtractor(CONFIG);
        FeatureExtractor withTable = new FeatureExtractor(CONFIG, table);
        List<String> texts = new ArrayList<>(List.of(
                "Батареи холодные, отопления нет! Нет отопления уже неделю, батареи ХОЛОДНЫЕ",
                "Яма на дороге у дома 15 по ул. Лизюкова, https://example.org и @admin",
                "Превысокомногорассмотрительствующий-длинноесловобольшедвадцатичетырехбукв не влезает",
                "и в на не"));
        // more distinct words than the cache holds, so words are evicted and come back
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                int len = 1 + random.nextInt(12);
                for (int k = 0; k < len; k++) {
                    sb.append((char) ('а' + random.nextInt(6)));
                }
                sb.append(' ');
            }
            texts.add(sb.toString());
        }
        for (int pass = 0; pass < 2; pass++) {
            for (String text : texts) {
                FeatureExtractor.Buffer raw = plain.extract(text);
                int[] expected = Arrays.stream(Arrays.copyOf(raw.data, raw.size))
                        .map(v -> table[v & plain.mask()]).filter(id -> id >= 0).toArray();
                FeatureExtractor.Buffer ids = withTable.extractIds(text);
                assertThat(Arrays.copyOf(ids.data, ids.size)).as(text).containsExactly(expected);
            }
        }
    }

    @Test
    void charNgramsAreFlaggedAndWordsAreStemmed() {
        FeatureExtractor fx = new FeatureExtractor(new FeatureConfig(16, 1, 0, 0, 1f));
        FeatureExtractor.Buffer a = fx.extract("квартиры");
        int[] first = Arrays.copyOf(a.data, a.size);
        FeatureExtractor.Buffer b = fx.extract("квартире");
        assertThat(Arrays.copyOf(b.data, b.size)).containsExactly(first).hasSize(1);
        FeatureExtractor chars = new FeatureExtractor(new FeatureConfig(16, 1, 3, 3, 1f));
        FeatureExtractor.Buffer c = chars.extract("дом");
        // " до", "дом", "ом " and the stem
        assertThat(c.size).isEqualTo(4);
        assertThat(Arrays.stream(Arrays.copyOf(c.data, c.size)).filter(v -> (v & FeatureExtractor.CHAR_FLAG) != 0).count()).isEqualTo(3);
    }
}
