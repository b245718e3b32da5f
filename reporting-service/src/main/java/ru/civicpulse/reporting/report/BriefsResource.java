package ru.civicpulse.reporting.report;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Accepted;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.common.ratelimit.RateLimitClass;
import ru.civicpulse.common.ratelimit.RateLimited;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.reporting.web.Params;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Live-broadcast briefs («прямой эфир»): what residents worry about most, in their own words, for
 * a department head before going on air. Ordered, queued, generated and stored like reports
 * ({@link ReportService}), with the same roles, scoping and order limits; documents PDF and HTML.
 */
@Path("/api/v1/briefs")
@Tag(name = "briefs")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class BriefsResource {
    static final String COLLECTION = "/api/v1/briefs";

    @Inject
    ReportService reports;

    @Inject
    Caller caller;

    /**
     * {@code from}/{@code to}: ISO dates (midnight Moscow time) or instants, {@code to} exclusive;
     * {@code group}: a topic group code; {@code executor}: an executor id of the municipality.
     */
    @RegisterForReflection
    public record BriefRequest(String from, String to, String municipality, String group, String executor) {
    }

    @RegisterForReflection
    public record BriefView(UUID id, String status, String municipality, String municipalityLabel, Instant from, Instant to,
                            LocalDate firstDay, LocalDate lastDay, String group, UUID executor, Instant createdAt,
                            Instant startedAt, Instant finishedAt, Long generationMillis, String error, List<String> formats,
                            Map<String, String> documents) {
        static BriefView of(Report r) {
            Map<String, String> links = new LinkedHashMap<>();
            r.formats().forEach(f -> links.put(f, COLLECTION + "/" + r.id() + "/document?format=" + f));
            return new BriefView(r.id(), r.status().name(), r.municipality(),
                    Municipalities.byCode(r.municipality()).map(Municipality::label).orElse(r.municipality()),
                    r.from(), r.to(), r.firstDay(), r.lastDay(), r.group(), r.executor(), r.createdAt(), r.startedAt(),
                    r.finishedAt(), r.generationMillis(), r.error(), r.formats(), links);
        }
    }

    @RegisterForReflection
    public record BriefList(List<BriefView> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitClass.REPORT_ORDERS)
    @Operation(summary = "Order a live-broadcast brief for a municipality and period; it is generated in the background")
    @APIResponse(responseCode = "202", description = "Queued; poll the Location for its status")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "403", description = "The municipality is outside your account")
    @APIResponse(responseCode = "422", description = "Invalid period, unknown municipality, group or executor")
    @APIResponse(responseCode = "429", description = "Too many orders from this client, or the user already has the allowed number of documents waiting; retry after Retry-After seconds")
    public Response create(BriefRequest request) {
        if (request == null) {
            throw ProblemException.unprocessable("A body {\"from\",\"to\",\"municipality\"} is required.",
                    List.of(new Problem.FieldError("body", "required")));
        }
        Report brief = reports.requestBrief(request.from(), request.to(), request.municipality(), request.group(),
                request.executor(), caller.municipalityScope(), caller.name());
        return Accepted.at(COLLECTION, brief.id(), BriefView.of(brief));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Briefs you may see, newest first")
    @APIResponse(responseCode = "200", description = "The briefs")
    @APIResponse(responseCode = "422", description = "Unreadable limit")
    public BriefList list(@Parameter(description = "only this municipality") @QueryParam("municipality") String municipality,
                          @Parameter(description = "at most this many (1..200)") @QueryParam("limit") String limit) {
        int max = Params.integer("limit", limit, 50, 1, 200);
        String only = Params.text("municipality", municipality, 64);
        return new BriefList(reports.list(Report.Kind.BRIEF, caller.municipalityScope(), only, max).stream()
                .map(BriefView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A brief's status, period, filters and available formats")
    @APIResponse(responseCode = "200", description = "The brief")
    @APIResponse(responseCode = "404", description = "No such brief you may see")
    public BriefView get(@PathParam("id") UUID id) {
        return BriefView.of(reports.get(id, Report.Kind.BRIEF, caller.municipalityScope()));
    }

    @GET
    @Path("/{id}/document")
    @Operation(summary = "A finished brief's document: pdf or html")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "No such brief you may see")
    @APIResponse(responseCode = "409", description = "The brief is not finished")
    @APIResponse(responseCode = "422", description = "Unknown format")
    public Response document(@PathParam("id") UUID id,
                             @Parameter(description = "pdf (default) or html") @QueryParam("format") @DefaultValue("pdf") String format) {
        return ReportsResource.download(reports, caller, id, Report.Kind.BRIEF, format, "brief-");
    }
}
