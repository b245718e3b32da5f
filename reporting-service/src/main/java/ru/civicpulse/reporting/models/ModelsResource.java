package ru.civicpulse.reporting.models;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;

import java.net.URI;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The model registry of classification-service for the dashboard, whose pages hold only this
 * service's session (on the public host {@code /api/v1/models} itself is classification-service's): list versions, train from a labelled CSV, follow a training job, activate a
 * version (activating an earlier one rolls back). Only region administrators; classification-service
 * checks the role again on the forwarded token.
 */
@Path("/api/v1/workspace/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "classification-service's model registry, on behalf of the signed-in administrator")
@RolesAllowed(Roles.REGION_ADMIN)
public class ModelsResource {
    /** Model versions as classification-service accepts them; anything else is unknown without asking. */
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z._-]{1,100}");

    @Inject
    ClassificationModels classification;


    @GET
    @Operation(summary = "All model versions with provenance and held-out metrics, newest first")
    public Response list() {
        return classification.call("GET", "", null, null);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Train a new model from a labelled CSV (the same form as classification-service takes); 202 with the job")
    public Response train(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] form) {
        Response answer = classification.call("POST", "", contentType, form);
        if (answer.getStatus() != 202) {
            return answer;
        }
        // The job is followed here, not at classification-service's own address
        URI location = answer.getLocation();
        if (location == null) {
            return answer;
        }
        String path = location.getRawPath();
        return Response.fromResponse(answer).location(URI.create("/api/v1/workspace/models/jobs/" + path.substring(path.lastIndexOf('/') + 1)))
                .build();
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "A training job: status, stage, progress (0..1), error and resulting version")
    public Response job(@PathParam("id") UUID id) {
        return classification.call("GET", "/jobs/" + id, null, null);
    }

    @POST
    @Path("/{version}/activate")
    @Operation(summary = "Classify with this version from now on; activating an earlier one rolls back")
    public Response activate(@PathParam("version") String version) {
        if (!VERSION.matcher(version).matches()) {
            throw ProblemException.notFound("No such model version.");
        }
        return classification.call("POST", "/" + version + "/activate", null, null);
    }
}
