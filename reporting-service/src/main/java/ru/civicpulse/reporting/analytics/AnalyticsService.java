package ru.civicpulse.reporting.analytics;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The analytics API: everything the HTTP endpoints and report documents show. Scoping is part of
 * {@link AnalyticsQuery#municipalities()} and applied in SQL.
 */
@ApplicationScoped
public class AnalyticsService {

    public TopicsResult topics(AnalyticsQuery query) {
        throw new UnsupportedOperationException("not yet");
    }

    public TimeseriesResult timeseries(AnalyticsQuery query, Interval interval) {
        throw new UnsupportedOperationException("not yet");
    }

    public AlertsResult alerts(AnalyticsQuery query) {
        throw new UnsupportedOperationException("not yet");
    }

    public IncidentsResult incidents(AnalyticsQuery query, int limit) {
        throw new UnsupportedOperationException("not yet");
    }

    public ResponsesResult responses(AnalyticsQuery query) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@code sources}: {@code civicpulse} and/or names of uploaded external statistics. */
    public ComparisonResult comparison(AnalyticsQuery query, List<String> sources) {
        throw new UnsupportedOperationException("not yet");
    }

    public MethodologyResult methodology(AnalyticsQuery query) {
        throw new UnsupportedOperationException("not yet");
    }
}
