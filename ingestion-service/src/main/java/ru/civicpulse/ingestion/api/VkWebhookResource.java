package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.ratelimit.RateLimitClass;
import ru.civicpulse.common.ratelimit.RateLimited;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.domain.WebhookIntake;

import java.io.IOException;

/** VK Callback API: VK posts every community event here and expects "ok" back. */
@Path("/webhooks/vk/{callbackId}")
@Tag(name = "Webhooks")
@Blocking
public class VkWebhookResource {
    @Inject
    IngestionConfig config;
    @Inject
    WebhookIntake intake;
    @Inject
    Pseudonymizer pseudonymizer;

    @POST
    @RateLimited(value = RateLimitClass.INTAKE, channel = "callbackId")
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "VK Callback API endpoint",
            description = "Checked by the callback's secret (body field \"secret\"), not by a token. Answers the confirmation "
                    + "handshake with the configured string and every other event with \"ok\".")
    @APIResponse(responseCode = "200", description = "\"ok\", or the confirmation string")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "403", description = "Unknown callback or wrong secret (no detail)")
    public Response receive(@PathParam("callbackId") String callbackId, byte[] body) throws IOException {
        IngestionConfig.VkCallback callback = config.vk().get(callbackId);
        if (callback == null) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        JsonNode event = EventJson.mapper().readTree(body);
        if (event == null || !event.isObject() || !event.path("type").isTextual()) {
            throw ProblemException.badRequest("Expected a VK Callback API event.");
        }
        String type = event.path("type").asText();
        boolean confirmation = "confirmation".equals(type);
        // VK may omit the secret in the handshake; every event must carry it
        if (!(confirmation && !event.has("secret")) && !WebhookIntake.secretMatches(callback.secret(), event.path("secret").asText(null))) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        if (confirmation) {
            return Response.ok(callback.confirmation(), MediaType.TEXT_PLAIN).build();
        }
        String eventId = event.path("event_id").asText(null);
        WebhookIntake.Delivery delivery = new VkEventMapper(callback, pseudonymizer)
                .map(type, event.path("object"), event.path("group_id").asLong());
        intake.handle("vk:" + callbackId, eventId, delivery);
        return Response.ok("ok", MediaType.TEXT_PLAIN).build();
    }
}
