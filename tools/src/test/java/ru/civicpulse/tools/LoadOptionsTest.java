package ru.civicpulse.tools;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void withoutOptionsItIsTheBatchRunOfBefore() {
        LoadOptions o = LoadOptions.parse(new String[0]);
        assertThat(o.modes()).containsExactly(LoadOptions.Mode.BATCH);
        assertThat(o.rate()).isEqualTo(100);
        assertThat(o.duration()).isEqualTo(30);
        assertThat(o.clients()).isEqualTo(16);
        assertThat(o.profile()).isFalse();
    }

    @Test
    void readsModesValuesAndTheProfileFlagInAnyOrder() {
        LoadOptions o = LoadOptions.parse(new String[]{"--profile", "--mode", "single,reclassify", "--clients", "32",
                "--duration", "20", "--messages", "5000"});
        assertThat(o.modes()).containsExactly(LoadOptions.Mode.SINGLE, LoadOptions.Mode.RECLASSIFY);
        assertThat(o.clients()).isEqualTo(32);
        assertThat(o.duration()).isEqualTo(20);
        assertThat(o.messages()).isEqualTo(5000);
        assertThat(o.profile()).isTrue();
        assertThat(LoadOptions.parse(new String[]{"--mode", "all"}).modes()).isEqualTo(EnumSet.allOf(LoadOptions.Mode.class));
        // all runs the rebuild last, over everything the modes before it published
        assertThat(LoadOptions.parse(new String[]{"--mode", "all"}).modes()).containsExactly(LoadOptions.Mode.BATCH,
                LoadOptions.Mode.SINGLE, LoadOptions.Mode.RECLASSIFY, LoadOptions.Mode.REBUILD);
        assertThat(LoadOptions.parse(new String[]{"--mode", "rebuild"}).modes()).containsExactly(LoadOptions.Mode.REBUILD);
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--mode", "rebuilt"})).hasMessageContaining("unknown mode rebuilt");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--clients"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--rate", "fast"})).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--clients", "0"})).hasMessageContaining("--clients 1..1000");
        assertThatThrownBy(() -> LoadOptions.parse(new String[]{"--speed", "1"})).hasMessageContaining("unknown option --speed");
    }
}
