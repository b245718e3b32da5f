package ru.civicpulse.classification.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.classification.domain.ModelRegistry;
import ru.civicpulse.classifier.ModelInfo;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicGroup;

import java.util.List;

@Path("/api/v1/taxonomy")
@Tag(name = "Taxonomy", description = "The rubricator and the labels of the active model")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL, Roles.INGEST_CLIENT})
public class TaxonomyResource {

    /** {@code groups}: the rubricator with Russian labels; {@code modelGroups}/{@code modelTopics}: what the active model predicts. */
    public record TaxonomyView(List<TopicGroup> groups, String modelVersion, List<String> modelGroups, List<String> modelTopics) {
    }

    @Inject
    ModelRegistry registry;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Groups, topics and labels")
    @APIResponse(responseCode = "200", description = "The taxonomy")
    public TaxonomyView taxonomy() {
        ModelRegistry.ActiveModel model = registry.current();
        ModelInfo info = model.model().info();
        return new TaxonomyView(Taxonomy.groups(), model.version(), info.groups(), info.topics());
    }
}
