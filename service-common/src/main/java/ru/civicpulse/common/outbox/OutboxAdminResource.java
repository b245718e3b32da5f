package ru.civicpulse.common.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** Outbox rows the broker refused for good: what they are, and a way to publish them again. */
@Path("/api/v1/admin/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REGION_ADMIN)
public class OutboxAdminResource {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    /** A parked row without its payload (which may be large): its size instead. */
    public record ParkedRow(long id, String topic, String key, int payloadBytes, int attempts, String lastError,
                            OffsetDateTime createdAt, OffsetDateTime parkedAt) {
    }

    @GET
    @Operation(summary = "Parked outbox rows, oldest first")
    @APIResponse(responseCode = "200", description = "The parked rows (at most `limit`)")
    public List<ParkedRow> parked(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000");
        }
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select id, topic, key, octet_length(payload) as payload_bytes, attempts, last_error, created_at, "
                    + "parked_at from outbox where parked_at is not null order by id limit ?", limit)
                    .list(c, rs -> new ParkedRow(rs.getLong("id"), rs.getString("topic"), rs.getString("key"),
                            rs.getInt("payload_bytes"), rs.getInt("attempts"), rs.getString("last_error"),
                            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("parked_at", OffsetDateTime.class)));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read the outbox", e);
        }
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Publish a parked row again (after the topic's limits or the record were fixed)")
    @APIResponse(responseCode = "204", description = "The row is queued again")
    @APIResponse(responseCode = "404", description = "No parked row with this id")
    public void retry(@PathParam("id") long id) {
        int updated;
        try (Connection c = dataSource.getConnection()) {
            updated = new Sql("update outbox set parked_at = null, attempts = 0, next_attempt_at = now() "
                    + "where id = ? and parked_at is not null", id).update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not update the outbox", e);
        }
        if (updated == 0) {
            throw ProblemException.notFound("No parked outbox row " + id);
        }
        relay.wake();
    }
}
