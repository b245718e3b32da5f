package ru.civicpulse.classifier.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void lowerCasesAndFoldsYo() {
        assertThat(TextNormalizer.normalize("ЁЛКА во Дворе, ещё ЖДЁМ")).isEqualTo("елка во дворе, еще ждем");
    }

    @Test
    void replacesUrlsMentionsAndEmojiAndKeepsHashtagWords() {
        String n = TextNormalizer.normalize("Смотрите https://example.org/a?b=1 @city_admin #ямы😡😡 ужас");
        assertThat(n).isEqualTo("смотрите urlx mentionx ямы emojix ужас");
    }

    @Test
    void squeezesStretchedLettersButKeepsDoubleOnes() {
        assertThat(TextNormalizer.normalize("Ооооочень холоднооо, ванна")).isEqualTo("очень холодно, ванна");
    }

    @Test
    void keepsMaskedPiiAsPlaceholders() {
        assertThat(TextNormalizer.normalize("Звоните [телефон] или пишите [email], автор [скрыто]"))
                .isEqualTo("звоните maskphone или пишите maskemail , автор maskhidden");
    }

    @Test
    void collapsesWhitespaceAndHandlesEmpty() {
        assertThat(TextNormalizer.normalize("  нет \n\t воды  ")).isEqualTo("нет воды");
        assertThat(TextNormalizer.normalize(null)).isEmpty();
    }

    @Test
    void stemsMatchAcrossDeclensions() {
        assertThat(RussianTokens.stems("квартира квартиры квартире квартирой")).containsOnly("квартир");
        assertThat(RussianTokens.stems("и в на квартире")).containsExactly("квартир");
    }
}
