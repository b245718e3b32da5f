package ru.civicpulse.reporting.routing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Roles;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.web.Params;

import java.time.Instant;
import java.util.List;

/** Routing rules proposed from the executors named by the source systems' exports. */
@Path("/api/v1/routing/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "routing")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class RuleProposalsResource {

    @Inject
    RuleProposals proposals;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "Routing rules learned from the source systems' «Исполнитель»",
            description = "Per topic group (and topic) and district of the municipality, the executor the source system "
                    + "routed most of the period's messages to, with its count, share and the total; the directory "
                    + "executor of the same name (case and whitespace ignored) if there is one; and the body to POST to "
                    + "/api/v1/routing/rules to accept it. Proposals with fewer than minMessages messages or a share "
                    + "below 0.5 are weak. Sorted by count, highest first.")
    @APIResponse(responseCode = "200", description = "Proposals")
    @APIResponse(responseCode = "403", description = "A city official asking for another municipality")
    @APIResponse(responseCode = "422", description = "Missing or unknown municipality, unreadable period or minMessages")
    public RuleProposals.Result list(
            @Parameter(description = "Municipality code (required)") @QueryParam("municipality") String municipality,
            @Parameter(description = "ISO date or instant; default: the earliest message") @QueryParam("from") String from,
            @Parameter(description = "ISO date or instant, exclusive; default: no end") @QueryParam("to") String to,
            @Parameter(description = "1..1000000, default 5") @QueryParam("minMessages") String minMessages) {
        String m = Params.municipality(municipality);
        if (m == null) {
            throw ProblemException.unprocessable("Name the municipality.",
                    List.of(new Problem.FieldError("municipality", "required: a municipality code")));
        }
        String f = Params.text("from", from, 64);
        String t = Params.text("to", to, 64);
        Instant start = f == null ? AnalyticsQuery.EARLIEST : AnalyticsQuery.parseBound("from", f);
        Instant end = t == null ? AnalyticsQuery.LATEST : AnalyticsQuery.parseBound("to", t);
        if (!start.isBefore(end)) {
            throw ProblemException.unprocessable("The period is empty.", List.of(new Problem.FieldError("to", "must be after from")));
        }
        int min = Params.integer("minMessages", minMessages, RuleProposals.DEFAULT_MIN_MESSAGES, 1, 1_000_000);
        if (!caller.maySee(m)) {
            throw new ProblemException(403, "Forbidden", "Only officials of the municipality may see its routing proposals.");
        }
        return proposals.propose(m, start, end, min);
    }
}
