package ru.civicpulse.reporting.analytics;

import ru.civicpulse.reporting.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Analytics over the read model. Every answer covers only the municipalities the caller may see.
 * {@code from}/{@code to}: ISO dates (midnight Europe/Moscow) or instants; {@code to} is exclusive.
 */
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class AnalyticsResource {
    static final int MAX_SOURCES = 10;

    @Inject
    AnalyticsService analytics;

    @Inject
    SourceComparison comparison;

    @Inject
    Caller caller;

    @Inject
    ReportingConfig config;

    @GET
    @Path("/topics")
    @Operation(summary = "Messages per taxonomy group, with the previous equal period and unique authors")
    @APIResponse(responseCode = "200", description = "Counts per group")
    @APIResponse(responseCode = "422", description = "Unreadable period or filters")
    public TopicsResult topics(@BeanParam AnalyticsFilter filter) {
        return analytics.topics(filter.toQuery(caller, config.maxPeriod()));
    }

    @GET
    @Path("/timeseries")
    @Operation(summary = "Messages per group per day or week")
    @APIResponse(responseCode = "200", description = "Buckets and one series per group")
    @APIResponse(responseCode = "422", description = "Unreadable period, interval or filters")
    public TimeseriesResult timeseries(@BeanParam AnalyticsFilter filter,
                                       @Parameter(description = "day (default) or week") @QueryParam("interval") String interval) {
        return analytics.timeseries(filter.toQuery(caller, config.maxPeriod()), Interval.parse(interval));
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Spikes at the end of the period and EMERGENCY messages without an official reply")
    @APIResponse(responseCode = "200", description = "Spikes and unanswered emergencies")
    @APIResponse(responseCode = "422", description = "Unreadable or too long period, unknown filter codes")
    public AlertsResult alerts(@BeanParam AnalyticsFilter filter) {
        return analytics.alerts(filter.toQuery(caller, config.maxPeriod()));
    }

    @GET
    @Path("/responses")
    @Operation(summary = "Share answered, median and p90 time to the first official reply, overdue messages")
    @APIResponse(responseCode = "200", description = "Response statistics")
    @APIResponse(responseCode = "422", description = "Unreadable or too long period, unknown filter codes")
    public ResponsesResult responses(@BeanParam AnalyticsFilter filter) {
        return analytics.responses(filter.toQuery(caller, config.maxPeriod()));
    }

    @GET
    @Path("/executors")
    @Operation(summary = "Per executor: routed messages, share answered, median/p90 hours to the first reply, incidents by state,"
            + " overdue messages and incidents, change against the previous equal period; unrouted messages as one row")
    @APIResponse(responseCode = "200", description = "One row per executor of the caller's municipalities, overdue first")
    @APIResponse(responseCode = "422", description = "Unreadable or too long period, unknown filter codes")
    public ExecutorsResult executors(@BeanParam AnalyticsFilter filter) {
        return analytics.executors(filter.toQuery(caller, config.maxPeriod()));
    }

    @GET
    @Path("/executors/{id}/overdue")
    @Operation(summary = "An executor's overdue messages and incidents of the period, the newest deadline miss first")
    @APIResponse(responseCode = "200", description = "One page of overdue items")
    @APIResponse(responseCode = "404", description = "No such executor in the caller's municipalities")
    @APIResponse(responseCode = "422", description = "Unreadable period, filters, page or size")
    public ExecutorOverdue executorOverdue(@PathParam("id") UUID id, @BeanParam AnalyticsFilter filter,
                                           @Parameter(description = "0-based, default 0") @QueryParam("page") String page,
                                           @Parameter(description = "1..100, default 20") @QueryParam("size") String size) {
        int p = Params.integer("page", page, 0, 0, 10_000);
        int s = Params.integer("size", size, 20, 1, 100);
        return analytics.executorOverdue(filter.toQuery(caller, config.maxPeriod()), id, p, s)
                .orElseThrow(() -> ProblemException.notFound("No such executor."));
    }

    @GET
    @Path("/comparison")
    @Operation(summary = "Our counts per group side by side with uploaded statistics of other sources")
    @APIResponse(responseCode = "200", description = "Rows per group, rank correlations, diverging groups")
    @APIResponse(responseCode = "422", description = "Unknown source or unreadable period")
    public ComparisonResult comparison(@QueryParam("from") String from, @QueryParam("to") String to,
                                       @Parameter(description = "comma-separated: civicpulse and/or uploaded source names")
                                       @QueryParam("sources") String sources,
                                       @QueryParam("municipality") String municipality, @QueryParam("group") String group) {
        String list = Params.text("sources", sources, 500);
        List<String> names = list == null ? List.of() : Arrays.asList(list.split(","));
        if (names.size() > MAX_SOURCES) {
            throw ProblemException.unprocessable("Too many sources.",
                    List.of(new Problem.FieldError("sources", "at most " + MAX_SOURCES + " names")));
        }
        AnalyticsQuery query = AnalyticsQuery.of(Params.text("from", from, 64), Params.text("to", to, 64),
                caller.restrictTo(Params.municipality(municipality)), null, null, Params.group(group));
        return comparison.compare(query.notLongerThan(config.maxPeriod()), names);
    }

    @GET
    @Path("/methodology")
    @Operation(summary = "Model versions behind the period's figures and the share needing review")
    @APIResponse(responseCode = "200", description = "Methodology figures")
    @APIResponse(responseCode = "422", description = "Unreadable or too long period, unknown filter codes")
    public MethodologyResult methodology(@BeanParam AnalyticsFilter filter) {
        return analytics.methodology(filter.toQuery(caller, config.maxPeriod()));
    }

}
