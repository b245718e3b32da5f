package ru.civicpulse.reporting.analytics;

/** How spikes are found and incidents ranked, in words, for the methodology answer and the reports. */
final class MethodologyText {
    static final String SPIKE_METHOD = "Всплеск: число сообщений группы в районе за последние дни периода "
            + "проверяется против среднего за предыдущие 28 дней (распределение Пуассона, верхний хвост p < 0,01, "
            + "не менее 5 сообщений).";
    static final String CONCERN_METHOD = "Оценка остроты инцидента: число уникальных авторов × (1 + рост/2, "
            + "рост ограничен 0..2) × (1 + доля негативных) × (1 + доля срочных, экстренные с весом 2, не более 1).";

    private MethodologyText() {
    }
}
