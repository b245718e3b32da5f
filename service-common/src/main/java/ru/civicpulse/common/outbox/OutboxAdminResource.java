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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, topic, key, octet_length(payload), attempts, last_error, "
                     + "created_at, parked_at from outbox where parked_at is not null order by id limit ?")) {
            ps.setInt(1, limit);
            List<ParkedRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ParkedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the outbox", e);
        }
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Publish a parked row again (after the topic's limits or the record were fixed)")
    @APIResponse(responseCode = "204", description = "The row is queued again")
    @APIResponse(responseCode = "404", description = "No parked row with this id")
    public void retry(@PathParam("id") long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update outbox set parked_at = null, attempts = 0, "
                     + "next_attempt_at = now() where id = ? and parked_at is not null")) {
            ps.setLong(1, id);
            if (ps.executeUpdate() == 0) {
                throw ProblemException.notFound("No parked outbox row " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update the outbox", e);
        }
        relay.wake();
    }
}
