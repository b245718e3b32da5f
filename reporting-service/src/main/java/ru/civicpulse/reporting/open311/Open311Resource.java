package ru.civicpulse.reporting.open311;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicDefinition;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2, read only, over incidents: taxonomy groups are the services, incidents the
 * service requests. Authenticated and scoped like the rest of the API; JSON only.
 */
@Path("/open311/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "open311")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class Open311Resource {
    /** Longest span of {@code start_date..end_date}, and the span searched when none is given (the specification's). */
    static final Duration MAX_SPAN = Duration.ofDays(90);
    private static final Set<IncidentState> OPEN = EnumSet.of(IncidentState.NEW, IncidentState.IN_PROGRESS,
            IncidentState.DECISION_TAKEN);

    @Inject
    ServiceRequests requests;

    @Inject
    Caller caller;

    @GET
    @Path("/services.json")
    @Operation(summary = "GeoReport v2 service list: the taxonomy groups")
    @APIResponse(responseCode = "200", description = "Every service")
    public List<Open311.Service> services() {
        return Taxonomy.groups().stream().map(g -> new Open311.Service(g.code(), g.label(),
                "Обращения жителей: " + g.topics().stream().map(TopicDefinition::label).collect(Collectors.joining("; ")),
                false, "realtime", g.topics().stream().map(TopicDefinition::label).collect(Collectors.joining(",")),
                g.label())).toList();
    }

    @GET
    @Path("/requests.json")
    @Operation(summary = "GeoReport v2 service requests: incidents first seen in the period, newest first, at most 1000")
    @APIResponse(responseCode = "200", description = "Matching service requests")
    @APIResponse(responseCode = "400", description = "Unknown service_code or status, unreadable dates, a span over 90 days")
    public List<Map<String, Object>> requests(@QueryParam("service_code") String serviceCode,
                                                 @QueryParam("start_date") String startDate,
                                                 @QueryParam("end_date") String endDate,
                                                 @QueryParam("status") String status) {
        Instant start = date("start_date", startDate);
        Instant end = date("end_date", endDate);
        if (start == null && end == null) {
            end = Instant.now();
        }
        if (start == null) {
            start = end.minus(MAX_SPAN);
        } else if (end == null) {
            end = start.plus(MAX_SPAN);
        }
        if (!start.isBefore(end)) {
            throw bad("end_date must be after start_date.", "end_date", "after start_date");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw bad("start_date..end_date may span at most 90 days.", "end_date", "at most 90 days after start_date");
        }
        return requests.find(caller.municipalityScope(),
                new ServiceRequests.Filter(start, end, serviceCode(serviceCode), statuses(status)))
                .stream().map(Open311.ServiceRequest::document).toList();
    }

    @GET
    @Path("/requests/{id}.json")
    @Operation(summary = "GeoReport v2 service request: one incident, as a list of one")
    @APIResponse(responseCode = "200", description = "The service request")
    @APIResponse(responseCode = "404", description = "No such incident in the caller's municipalities")
    public List<Map<String, Object>> request(@PathParam("id") String id) {
        if (id == null || id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.notFound("No such service request.");
        }
        return List.of(requests.one(caller.municipalityScope(), id)
                .orElseThrow(() -> ProblemException.notFound("No such service request.")).document());
    }

    private static String serviceCode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!Taxonomy.isGroup(value.trim())) {
            throw bad("Unknown service_code.", "service_code", "a service_code of services.json");
        }
        return value.trim();
    }

    /** {@code open}, {@code closed} or both, comma-separated; null = any. */
    private static Set<IncidentState> statuses(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<IncidentState> states = EnumSet.noneOf(IncidentState.class);
        for (String s : value.split(",", -1)) {
            switch (s.trim()) {
                case "open" -> states.addAll(OPEN);
                case "closed" -> states.addAll(ServiceRequests.CLOSED);
                default -> throw bad("Unknown status.", "status", "open, closed or open,closed");
            }
        }
        return states;
    }

    /** A W3C date-time (or a date: midnight Europe/Moscow) within the read model's range; 400 otherwise. */
    private static Instant date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Instant instant;
        try {
            if (v.length() > 40) {
                throw new DateTimeException("too long");
            }
            instant = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(AnalyticsQuery.ZONE).toInstant()
                    : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw bad("Parameter " + field + " is not a W3C date-time.", field, "e.g. 2026-11-02T10:00:00+03:00");
        }
        if (instant.isBefore(AnalyticsQuery.EARLIEST) || instant.isAfter(AnalyticsQuery.LATEST)) {
            throw bad("Parameter " + field + " is outside the supported range.", field,
                    "between " + AnalyticsQuery.EARLIEST_DAY + " and " + AnalyticsQuery.LATEST_DAY);
        }
        return instant;
    }

    private static ProblemException bad(String detail, String field, String accepts) {
        return new ProblemException(400, "Bad Request", detail, List.of(new Problem.FieldError(field, accepts)));
    }
}
