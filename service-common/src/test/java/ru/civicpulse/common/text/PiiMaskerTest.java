package ru.civicpulse.common.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.CountingText;

import static org.assertj.core.api.Assertions.assertThat;

class PiiMaskerTest {

    @ParameterizedTest
    @ValueSource(strings = {"+7 (903) 123-45-67", "+79031234567", "8 903 123 45 67", "8(903)1234567", "8-903-123-45-67",
            "+7 903 123-45-67", "8 (473) 255-00-11", "+7-903-123-45-67", "8.903.123.45.67"})
    void masksRussianPhoneFormats(String phone) {
        assertThat(PiiMasker.mask("Звоните " + phone + ", ждём")).isEqualTo("Звоните [телефон скрыт], ждём");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ivan.petrov@mail.ru", "a_b-c+tag@yandex.ru", "user@sub.example.com", "иван@почта.рф"})
    void masksEmails(String email) {
        assertThat(PiiMasker.mask("Пишите: " + email + ".")).isEqualTo("Пишите: [e-mail скрыт].");
    }

    @Test
    void leavesOtherNumbersAlone() {
        String text = "Дом 12, кв. 45, автобус 80, с 8 до 17, ИНН 3664012345, индекс 394036, 2026-03-01, 89031234567890";
        assertThat(PiiMasker.mask(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[id123456|Иван Петров]", "[club7654321|Наш двор]", "[public42|Новости района]", "@id123456 (Иван)",
            "*id123456 (Иван Петров)", "@id123456"})
    void masksVkMentions(String mention) {
        assertThat(PiiMasker.mask("Ответьте " + mention + ", пожалуйста")).isEqualTo("Ответьте [упоминание скрыто], пожалуйста");
    }

    @Test
    void masksEveryAddressInARowAndKeepsTheTextBetween() {
        assertThat(PiiMasker.mask("a@b.ru, c.d@e-f.com;x@y.рф и @ночь, почта@ нет, user@host, x@y.ru2"))
                .isEqualTo("[e-mail скрыт], [e-mail скрыт];[e-mail скрыт] и @ночь, почта@ нет, user@host, [e-mail скрыт]2");
    }

    @Test
    void anEmailScanReadsEachCharacterAFewTimesWhateverTheText() {
        int n = 100_000;
        for (String text : new String[]{"a".repeat(n), "a".repeat(n) + "@", "a@".repeat(n / 2), "@a.".repeat(n / 3),
                "x@" + "a.".repeat(n / 2)}) {
            CountingText counting = new CountingText(text, 20L * text.length());
            PiiMasker.maskEmails(counting);
            System.out.printf("e-mail scan of %d characters read %d characters%n", text.length(), counting.reads());
        }
    }

    @Test
    void phoneAndMentionScansReadEachCharacterAFewTimesWhateverTheText() {
        int n = 100_000;
        for (String text : new String[]{"8" + " ".repeat(n), "8 ".repeat(n / 2), "+ ".repeat(n / 2), "+7" + "-".repeat(n) + "9",
                "[id1|" + "a".repeat(n), "@id1 (" + "a".repeat(n), "8(".repeat(n / 2)}) {
            CountingText phones = new CountingText(text, 50L * text.length());
            PiiMasker.maskPhones(phones);
            CountingText mentions = new CountingText(text, 300L * text.length());
            PiiMasker.maskMentions(mentions);
            System.out.printf("phone scan of %d characters read %d, mention scan %d%n", text.length(), phones.reads(), mentions.reads());
        }
    }
}
