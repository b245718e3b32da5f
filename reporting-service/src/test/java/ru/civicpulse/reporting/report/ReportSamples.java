package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.Decision;
import ru.civicpulse.reporting.analytics.ExecutorsResult;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.Interval;
import ru.civicpulse.reporting.analytics.MethodologyResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TimeseriesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small, fully known report content for renderer tests. */
final class ReportSamples {
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);

    private ReportSamples() {
    }

    static ReportContent voronezhWeek() {
        Instant from = MONDAY.atStartOfDay(ReportFormat.ZONE).toInstant();
        Instant to = MONDAY.plusDays(7).atStartOfDay(ReportFormat.ZONE).toInstant();
        TopicsResult topics = new TopicsResult(from, to, 60, 41, 48, List.of(
                new TopicsResult.GroupCount("housing-utilities", "ЖКХ", 31, 31 / 60.0, 20, (31 - 20) / 20.0, 22),
                new TopicsResult.GroupCount("roads", "Дороги", 17, 17 / 60.0, 18, (17 - 18) / 18.0, 12),
                new TopicsResult.GroupCount("waste", "Мусор и ТКО", 12, 12 / 60.0, 10, 0.2, 9),
                new TopicsResult.GroupCount("ecology", "Экология", 0, 0, 0, null, 0)));
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            days.add(MONDAY.plusDays(i));
        }
        TimeseriesResult daily = new TimeseriesResult(Interval.DAY, days, List.of(
                new TimeseriesResult.Series("housing-utilities", "ЖКХ", 31, List.of(2L, 3L, 4L, 5L, 6L, 7L, 4L)),
                new TimeseriesResult.Series("roads", "Дороги", 17, List.of(1L, 2L, 3L, 4L, 3L, 2L, 2L)),
                new TimeseriesResult.Series("waste", "Мусор и ТКО", 12, List.of(2L, 2L, 2L, 2L, 2L, 1L, 1L)),
                new TimeseriesResult.Series("ecology", "Экология", 0, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L))));
        ReportContent.Heat heat = new ReportContent.Heat(
                List.of("Центральный район", "Левобережный район", "Не определён"),
                List.of("ЖКХ", "Дороги", "Мусор и ТКО"),
                new long[][]{{20, 5, 2}, {10, 10, 4}, {1, 2, 6}});
        IncidentsResult incidents = new IncidentsResult(List.of(new IncidentsResult.Incident(
                "voronezh/tsentralny/housing-utilities/heating/pushkinskaya-5", "voronezh", "tsentralny", "Центральный район",
                "housing-utilities", "ЖКХ", "housing-utilities/heating", from.plusSeconds(3600), to.minusSeconds(3600),
                9, 7, 1.5, 0.8, 1, 2, 4.25, List.of(
                new IncidentsResult.Quote(UUID.randomUUID(), "Нет отопления в доме на Пушкинской, 5; дети мёрзнут & <болеют>",
                        "VK", "https://vk.example/wall-1_2", from.plusSeconds(7200))), IncidentState.NEW)));
        AlertsResult alerts = new AlertsResult(
                List.of(new AlertsResult.Spike("housing-utilities", "ЖКХ", "voronezh", "tsentralny", "Центральный район",
                        MONDAY.plusDays(4), MONDAY.plusDays(6), 14, 3.5, 0.0001)),
                List.of(new AlertsResult.Emergency(UUID.randomUUID(), "voronezh", "levoberezhny", "Левобережный район",
                        "energy-gas-telecom", "Энергоснабжение, газ и связь", "Пахнет газом в подъезде", null,
                        from.plusSeconds(86400), 30.5)));
        ResponsesResult responses = new ResponsesResult(
                new ResponsesResult.Stats("all", "Всего", 60, 45, 0.75, 20.5, 70.0),
                List.of(new ResponsesResult.Stats("housing-utilities", "ЖКХ", 31, 25, 25 / 31.0, 18.0, 60.0),
                        new ResponsesResult.Stats("roads", "Дороги", 17, 12, 12 / 17.0, 30.25, 80.0),
                        new ResponsesResult.Stats("waste", "Мусор и ТКО", 12, 8, 8 / 12.0, null, null)),
                List.of(), 0L, List.of());
        ComparisonResult comparison = new ComparisonResult(List.of("civicpulse", "cur-2026-11"), List.of(60L, 600L),
                List.of(new ComparisonResult.Row("housing-utilities", "ЖКХ", List.of(31L, 250L), List.of(31 / 60.0, 250 / 600.0), -10.0)),
                List.of(new ComparisonResult.Correlation("civicpulse", "cur-2026-11", 0.87)), List.of());
        MethodologyResult methodology = new MethodologyResult(60, 9, 0.15, 0.81,
                List.of(new MethodologyResult.ModelVersion("ru-linear-2026.11.1", 60)),
                "Пуассоновский критерий к среднему за 28 дней", "Число сообщений × рост × доля негатива");
        ExecutorsResult executors = new ExecutorsResult(from, to, from.minusSeconds(7 * 86400), List.of(
                new ExecutorsResult.Executor(UUID.randomUUID(), "Управа Центрального района", "DISTRICT_ADMINISTRATION", "voronezh",
                        40, 32, 0.25, 30, 0.75, 0.5, 0.25, 20.5, 70.0, 6,
                        Map.of("NEW", 1L, "IN_PROGRESS", 2L, "DECISION_TAKEN", 1L, "RESOLVED", 3L, "REJECTED", 0L), 2),
                new ExecutorsResult.Executor(null, "без исполнителя", null, null, 20, 16, 0.25, 15, 0.75, null, null, 10.0, 30.0, 1,
                        Map.of("NEW", 0L, "IN_PROGRESS", 0L, "DECISION_TAKEN", 0L, "RESOLVED", 0L, "REJECTED", 0L), 0)));
        List<Decision> decisions = List.of(new Decision("voronezh/tsentralny/housing-utilities/heating/pushkinskaya-5",
                "housing-utilities", "ЖКХ", "tsentralny", "Центральный район", "Управа Центрального района", "official.voronezh",
                from.plusSeconds(3 * 86400), "Замена участка теплотрассы до 25 ноября"));
        return new ReportContent("voronezh", "Воронеж", MONDAY, MONDAY.plusDays(6), Instant.parse("2026-11-23T04:00:00Z"),
                topics, daily, heat, incidents, alerts, responses, comparison, methodology, executors, decisions);
    }
}
