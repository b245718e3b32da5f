package ru.civicpulse.reporting.api;

import jakarta.ws.rs.QueryParam;
import ru.civicpulse.common.Caller;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;

/** The period and filters every analytics endpoint takes; the municipality is narrowed to the caller's scope. */
public class AnalyticsFilter {
    @QueryParam("from")
    public String from;
    @QueryParam("to")
    public String to;
    @QueryParam("municipality")
    public String municipality;
    @QueryParam("district")
    public String district;
    @QueryParam("source")
    public String source;
    @QueryParam("group")
    public String group;

    AnalyticsQuery toQuery(Caller caller) {
        return AnalyticsQuery.of(from, to, caller.restrictTo(municipality), district, source, group);
    }
}
