package ru.civicpulse.reporting.analytics;

import ru.civicpulse.reporting.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Roles;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;


/** Incidents: messages sharing an incident key, ranked by concern score. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "incidents")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class IncidentsResource {

    @Inject
    AnalyticsService analytics;

    @Inject
    Caller caller;

    @Inject
    ReportingConfig config;

    @GET
    @Operation(summary = "Incidents of the period ranked by concern score, with up to 3 masked quotes each")
    @APIResponse(responseCode = "200", description = "Ranked incidents")
    @APIResponse(responseCode = "422", description = "Unreadable period, filters or limit")
    public IncidentsResult incidents(@BeanParam AnalyticsFilter filter,
                                     @Parameter(description = "1..100, default 20") @QueryParam("limit") String limit) {
        int max = Params.integer("limit", limit, 20, 1, 100);
        return analytics.incidents(filter.toQuery(caller, config.maxPeriod()), max);
    }
}
