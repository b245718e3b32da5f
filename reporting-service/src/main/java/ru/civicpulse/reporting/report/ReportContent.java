package ru.civicpulse.reporting.report;

import ru.civicpulse.reporting.analytics.AlertsResult;
import ru.civicpulse.reporting.analytics.ComparisonResult;
import ru.civicpulse.reporting.analytics.Decision;
import ru.civicpulse.reporting.analytics.ExecutorsResult;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.analytics.MethodologyResult;
import ru.civicpulse.reporting.analytics.ResponsesResult;
import ru.civicpulse.reporting.analytics.TimeseriesResult;
import ru.civicpulse.reporting.analytics.TopicsResult;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything one report shows, exactly as the analytics API answers for the same period and
 * municipality: the renderers (HTML, PDF, XLSX, CSV) only lay it out, so every format carries
 * the same numbers as {@code /api/v1/analytics/*}.
 *
 * @param firstDay  first day of the period (Moscow time), inclusive
 * @param lastDay   last day of the period (Moscow time), inclusive
 * @param heat      messages by district (rows) and topic group (columns); empty for a town without districts
 * @param executors the executors' figures for the same period and municipality
 * @param decisions incidents moved to DECISION_TAKEN in the period
 */
public record ReportContent(
        String municipality,
        String municipalityLabel,
        LocalDate firstDay,
        LocalDate lastDay,
        Instant generatedAt,
        TopicsResult topics,
        TimeseriesResult daily,
        Heat heat,
        IncidentsResult incidents,
        AlertsResult alerts,
        ResponsesResult responses,
        ComparisonResult comparison,
        MethodologyResult methodology,
        ExecutorsResult executors,
        List<Decision> decisions) {

    public ReportContent {
        decisions = List.copyOf(decisions);
    }

    /** A district x topic group table of message counts. */
    public record Heat(List<String> districtLabels, List<String> groupLabels, long[][] counts) {
        public Heat {
            districtLabels = List.copyOf(districtLabels);
            groupLabels = List.copyOf(groupLabels);
        }

        public boolean isEmpty() {
            return districtLabels.isEmpty() || groupLabels.isEmpty();
        }

        public long max() {
            long max = 0;
            for (long[] row : counts) {
                for (long v : row) {
                    max = Math.max(max, v);
                }
            }
            return max;
        }
    }
}
