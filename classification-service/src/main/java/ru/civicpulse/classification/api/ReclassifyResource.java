package ru.civicpulse.classification.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.classification.domain.ReclassifyService;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;

import java.time.Instant;
import java.util.List;

@Path("/api/v1/reclassify")
@Tag(name = "Classification")
public class ReclassifyResource {

    public record ReclassifyRequest(@NotNull Instant from, @NotNull Instant to) {
    }

    @Inject
    ReclassifyService reclassify;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ADMIN)
    @Operation(summary = "Re-classify the messages published in [from, to) with the active model and publish the new results")
    @APIResponse(responseCode = "200", description = "Counts: messages seen, re-classified, already classified by this model")
    @APIResponse(responseCode = "422", description = "Missing or inverted period")
    public ReclassifyService.Result reclassify(@NotNull @Valid ReclassifyRequest request) {
        if (!request.from().isBefore(request.to())) {
            throw ProblemException.unprocessable("The period is empty.", List.of(new Problem.FieldError("to", "must be after from")));
        }
        return reclassify.reclassify(request.from(), request.to());
    }
}
