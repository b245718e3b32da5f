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
 * Report documents (PDF, HTML, XLSX, CSV). A city official sees and orders reports only for the
 * municipalities in its token; anyone else's report answers 404.
 */
@Path("/api/v1/reports")
@Tag(name = "reports")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class ReportsResource {
    static final String COLLECTION = "/api/v1/reports";

    @Inject
    ReportService reports;

    @Inject
    Caller caller;

    /** {@code from}/{@code to}: ISO dates (midnight Moscow time) or instants; {@code to} exclusive. */
    @RegisterForReflection
    public record ReportRequest(String from, String to, String municipality) {
    }

    @RegisterForReflection
    public record ReportView(UUID id, String status, String municipality, String municipalityLabel, Instant from, Instant to,
                             LocalDate firstDay, LocalDate lastDay, String trigger, Instant createdAt, Instant startedAt,
                             Instant finishedAt, Long generationMillis, String error, List<String> formats,
                             Map<String, String> documents) {
        static ReportView of(Report r) {
            Map<String, String> links = new LinkedHashMap<>();
            r.formats().forEach(f -> links.put(f, COLLECTION + "/" + r.id() + "/document?format=" + f));
            return new ReportView(r.id(), r.status().name(), r.municipality(),
                    Municipalities.byCode(r.municipality()).map(Municipality::label).orElse(r.municipality()),
                    r.from(), r.to(), r.firstDay(), r.lastDay(), r.trigger().name(), r.createdAt(), r.startedAt(), r.finishedAt(),
                    r.generationMillis(), r.error(), r.formats(), links);
        }
    }

    @RegisterForReflection
    public record ReportList(List<ReportView> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitClass.REPORT_ORDERS)
    @APIResponse(responseCode = "429", description = "Too many orders from this client, or the user already has the allowed number of reports waiting; retry after Retry-After seconds")
    @Operation(summary = "Order a report for a municipality and period; it is generated in the background")
    @APIResponse(responseCode = "202", description = "Queued; poll the Location for its status")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "403", description = "The municipality is outside your account")
    @APIResponse(responseCode = "422", description = "Invalid period or unknown municipality")
    public Response create(ReportRequest request) {
        if (request == null) {
            throw ProblemException.unprocessable("A body {\"from\",\"to\",\"municipality\"} is required.",
                    List.of(new Problem.FieldError("body", "required")));
        }
        Report report = reports.request(request.from(), request.to(), request.municipality(), caller.municipalityScope(), caller.name());
        return Accepted.at(COLLECTION, report.id(), ReportView.of(report));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reports you may see, newest first")
    @APIResponse(responseCode = "200", description = "The reports")
    public ReportList list(@Parameter(description = "only this municipality") @QueryParam("municipality") String municipality,
                           @Parameter(description = "at most this many (1..200)") @QueryParam("limit") String limit) {
        int max = Params.integer("limit", limit, 50, 1, 200);
        String only = Params.text("municipality", municipality, 64);
        return new ReportList(reports.list(Report.Kind.REPORT, caller.municipalityScope(), only, max).stream().map(ReportView::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A report's status, period and available formats")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "404", description = "No such report you may see")
    public ReportView get(@PathParam("id") UUID id) {
        return ReportView.of(reports.get(id, Report.Kind.REPORT, caller.municipalityScope()));
    }

    @GET
    @Path("/{id}/document")
    @Operation(summary = "A finished report's document: pdf, html, xlsx or csv")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "No such report you may see")
    @APIResponse(responseCode = "409", description = "The report is not finished")
    @APIResponse(responseCode = "422", description = "Unknown format")
    public Response document(@PathParam("id") UUID reportId,
                             @Parameter(description = "pdf (default), html, xlsx or csv") @QueryParam("format") @DefaultValue("pdf") String format) {
        return download(reports, caller, reportId, Report.Kind.REPORT, format, "civicpulse-");
    }

    /**
     * A stored document of a report or brief, named {@code <prefix><municipality>-<first day>-<last day>.<ext>};
     * HTML shown inline, the others as attachments.
     */
    static Response download(ReportService reports, Caller caller, UUID id, Report.Kind kind, String format, String prefix) {
        ReportRepository.Document doc = reports.document(id, kind, Params.text("format", format, 16), caller.municipalityScope());
        Report report = reports.get(id, kind, caller.municipalityScope());
        String ext = ReportDocument.byCode(format).orElseThrow().code();
        ReportView view = ReportView.of(report);
        String name = prefix + report.municipality() + "-" + view.firstDay() + "-" + view.lastDay() + "." + ext;
        String disposition = ("html".equals(ext) ? "inline" : "attachment") + "; filename=\"" + name + "\"";
        return Response.ok(doc.content()).type(doc.contentType()).header("Content-Disposition", disposition).build();
    }
}
