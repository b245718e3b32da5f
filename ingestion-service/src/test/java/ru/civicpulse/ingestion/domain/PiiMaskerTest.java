package ru.civicpulse.ingestion.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
}
