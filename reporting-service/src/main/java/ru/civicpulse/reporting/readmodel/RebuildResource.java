package ru.civicpulse.reporting.readmodel;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;

import java.time.Instant;
import java.util.UUID;

/** Rebuilds of the read model from the classified topic (see {@link ReadModelRebuilder}); region admins only. */
@Path("/api/v1/read-model/rebuilds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "read-model")
@RolesAllowed(Roles.REGION_ADMIN)
public class RebuildResource {

    /**
     * A rebuild: {@code endOffsets} is the total of the topic's end offsets captured at its start,
     * {@code progress} how far it has read towards them (0..1).
     */
    public record RebuildView(UUID id, String status, long eventsRead, long eventsApplied, long unreadable, long endOffsets,
                              double progress, String error, String requestedBy, Instant createdAt, Instant startedAt,
                              Instant finishedAt) {
        static RebuildView of(RebuildRepository.Job j) {
            return new RebuildView(j.id(), j.status().name(), j.eventsRead(), j.eventsApplied(), j.unreadable(), j.endOffsets(),
                    j.progress(), j.error(), j.requestedBy(), j.createdAt(), j.startedAt(), j.finishedAt());
        }
    }

    @Inject
    ReadModelRebuilder rebuilder;

    @Inject
    RebuildRepository jobs;

    @Inject
    Caller caller;


    @POST
    @Operation(summary = "Rebuild the read model from the classified topic, in the background")
    @APIResponse(responseCode = "202", description = "The rebuild, with its Location to follow")
    @APIResponse(responseCode = "409", description = "A rebuild is already queued or running")
    public Response start() {
        UUID id = rebuilder.start(caller.name())
                .orElseThrow(() -> ProblemException.conflict("A read-model rebuild is already queued or running."));
        return Accepted.at("/api/v1/read-model/rebuilds", id, view(id));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A rebuild: status, events read and applied, the end offsets' total, progress, error, times")
    @APIResponse(responseCode = "200", description = "The rebuild")
    @APIResponse(responseCode = "404", description = "No such rebuild")
    public RebuildView get(@PathParam("id") UUID id) {
        return view(id);
    }

    private RebuildView view(UUID id) {
        return jobs.find(id).map(RebuildView::of).orElseThrow(() -> ProblemException.notFound("No read-model rebuild " + id + "."));
    }
}
