package ru.civicpulse.ingestion.domain;

import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizerTest {

    @Test
    void sameAuthorSamePseudonymNeverTheRawId() {
        Pseudonymizer p = new Pseudonymizer("a-key-of-sufficient-length");
        assertThat(p.pseudonym(Source.VK, "5550001")).isEqualTo(p.pseudonym(Source.VK, "5550001"))
                .doesNotContain("5550001").hasSize(43);
        assertThat(p.pseudonym(Source.VK, "5550001")).isNotEqualTo(p.pseudonym(Source.TELEGRAM, "5550001"));
        assertThat(p.pseudonym(Source.VK, "5550001"))
                .isNotEqualTo(new Pseudonymizer("another-key-of-sufficient-length").pseudonym(Source.VK, "5550001"));
        assertThat(p.pseudonym(Source.VK, null)).isNull();
    }

    @Test
    void refusesToStartWithoutAKey() {
        assertThatThrownBy(() -> new Pseudonymizer((String) null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CIVICPULSE_PSEUDONYM_KEY");
        assertThatThrownBy(() -> new Pseudonymizer("short")).isInstanceOf(IllegalStateException.class);
    }
}
