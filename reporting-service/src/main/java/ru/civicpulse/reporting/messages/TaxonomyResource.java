package ru.civicpulse.reporting.messages;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.Taxonomy;

import java.util.List;

/**
 * The taxonomy the read model and corrections use, so the workspace offers the same groups and topics
 * the API accepts. Under {@code /api/v1/workspace} because classification-service serves the model's
 * {@code /api/v1/taxonomy} on the same public host.
 */
@Path("/api/v1/workspace/taxonomy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class TaxonomyResource {

    @RegisterForReflection
    public record Group(String code, String label, List<Topic> topics) {
    }

    /** @param code the full topic code {@code <group>/<topic>}, as a correction takes it */
    @RegisterForReflection
    public record Topic(String code, String label) {
    }

    @GET
    @Operation(summary = "Taxonomy groups in their published order, each with its finer topics")
    public List<Group> groups() {
        return Taxonomy.groups().stream()
                .map(g -> new Group(g.code(), g.label(), g.topics().stream().map(t -> new Topic(t.code(), t.label())).toList()))
                .toList();
    }
}
