package ru.civicpulse.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.SentimentLabel;

class ToneAnalyzerTest {
    private final ToneAnalyzer tone = new ToneAnalyzer();

    @Test
    void complaintsAreNegativeAndExclamationsMakeThemStronger() {
        Sentiment calm = tone.analyze("Ужасное состояние двора, грязь");
        Sentiment loud = tone.analyze("Ужасное состояние двора, грязь!!!");
        assertThat(calm.label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(loud.score()).isLessThan(calm.score());
        assertThat(loud.score()).isBetween(-1.0, 0.0);
    }

    @Test
    void thanksArePositive() {
        Sentiment s = tone.analyze("Спасибо большое, быстро и хорошо отремонтировали дорогу 👍");
        assertThat(s.label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(s.score()).isBetween(0.2, 1.0);
    }

    @Test
    void negationFlipsPraise() {
        assertThat(tone.analyze("Работают не хорошо и не быстро").label()).isEqualTo(SentimentLabel.NEGATIVE);
    }

    @Test
    void sarcasmTurnsPraiseIntoComplaint() {
        assertThat(tone.analyze("Ну спасибо, управляющая компания, третью неделю без лифта").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(tone.analyze("«Молодцы», опять всё раскопали и бросили").label()).isEqualTo(SentimentLabel.NEGATIVE);
    }

    @Test
    void plainRequestsAreNeutral() {
        assertThat(tone.analyze("Прошу установить скамейку у подъезда дома 5")).isEqualTo(new Sentiment(SentimentLabel.NEUTRAL, 0.0));
    }
}
