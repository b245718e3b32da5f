package ru.civicpulse.classification.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Accepted;
import ru.civicpulse.classification.domain.ReclassifyService;
import ru.civicpulse.classification.persistence.JobRepository;
import ru.civicpulse.classification.persistence.ReclassifyJobRepository;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/reclassify")
@Tag(name = "Classification")
@RolesAllowed(Roles.REGION_ADMIN)
public class ReclassifyResource {

    /** ISO-8601 instants, {@code from} before {@code to}, both within years 1–9999. */
    public record ReclassifyRequest(@NotNull String from, @NotNull String to) {
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A run: {@code progress} is done / messages (1 when the period is empty). */
    public record ReclassifyJobView(UUID id, String status, Instant from, Instant to, String modelVersion, int messages,
                                    int done, double progress, int reclassified, int unchanged, int failed, String error,
                                    String createdBy, Instant createdAt, Instant updatedAt) {
        static ReclassifyJobView of(ReclassifyJobRepository.Job j) {
            double progress = j.messages() == 0 ? (j.status() == JobRepository.Status.DONE ? 1 : 0) : Math.min(1, (double) j.done() / j.messages());
            return new ReclassifyJobView(j.id(), j.status().name(), j.from(), j.to(), j.modelVersion(), j.messages(), j.done(),
                    progress, j.reclassified(), j.unchanged(), j.failed(), j.error(), j.createdBy(), j.createdAt(), j.updatedAt());
        }
    }

    @Inject
    ReclassifyService reclassify;

    @Inject
    ReclassifyJobRepository jobs;

    @Inject
    Caller caller;


    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-classify the messages published in [from, to) with the active model, in the background, "
            + "and publish the new results")
    @APIResponse(responseCode = "202", description = "The run, with its Location to follow")
    @APIResponse(responseCode = "422", description = "Missing, unreadable, out-of-range (years 1–9999) or inverted period")
    public Response reclassify(@NotNull @Valid ReclassifyRequest request) {
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        Instant from = instant("from", request.from(), errors);
        Instant to = instant("to", request.to(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("The period is invalid.", errors);
        }
        if (!from.isBefore(to)) {
            throw ProblemException.unprocessable("The period is empty.", List.of(new Problem.FieldError("to", "must be after from")));
        }
        UUID id = reclassify.start(from, to, caller.name());
        return Accepted.at("/api/v1/reclassify/jobs", id, ReclassifyJobView.of(jobs.find(id).orElseThrow()));
    }

    private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
        Instant at;
        try {
            at = value.length() > 40 ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            errors.add(new Problem.FieldError(field, "an ISO-8601 instant such as 2026-11-01T00:00:00Z"));
        } else if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            errors.add(new Problem.FieldError(field, "must lie within the years 1 to 9999"));
            at = null;
        }
        return at;
    }

    @GET
    @Path("/jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A re-classification run: status, messages done of the period's total, new results, unchanged, failed")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No such run")
    public ReclassifyJobView job(@PathParam("id") UUID id) {
        return jobs.find(id).map(ReclassifyJobView::of).orElseThrow(() -> ProblemException.notFound("No re-classification run " + id + "."));
    }
}
