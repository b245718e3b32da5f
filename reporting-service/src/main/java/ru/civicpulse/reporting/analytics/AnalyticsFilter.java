package ru.civicpulse.reporting.analytics;

import ru.civicpulse.reporting.web.Params;
import jakarta.ws.rs.QueryParam;
import ru.civicpulse.common.Caller;

/**
 * The period and filters every analytics endpoint takes; the municipality is narrowed to the caller's scope.
 * Unknown codes are refused rather than answered with nothing, so a typo does not look like a quiet week.
 */
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

    /** The checked query (422 for unknown codes, unreadable or too long periods; 400 for control characters). */
    AnalyticsQuery toQuery(Caller caller, java.time.Period maxPeriod) {
        String m = Params.municipality(municipality);
        String d = Params.district(district);
        String s = Params.source(source);
        String g = Params.group(group);
        return AnalyticsQuery.of(Params.text("from", from, 64), Params.text("to", to, 64), caller.restrictTo(m), d, s, g)
                .notLongerThan(maxPeriod);
    }
}
