package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import ru.civicpulse.ingestion.domain.MessageRules;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.domain.WebhookIntake;

import java.io.IOException;
import java.io.InputStream;

/** VK Callback API: VK posts every community event here and expects "ok" back. */
@Path("/webhooks/vk/{callbackId}")
@Tag(name = "Webhooks")
@Blocking
@PermitAll
public class VkWebhookResource {
    @Inject
    IngestionConfig config;
    @Inject
    WebhookIntake intake;
    @Inject
    Pseudonymizer pseudonymizer;
    @Inject
    MessageRules rules;

    @POST
    @RateLimited(value = RateLimitClass.INTAKE, channel = "callbackId")
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "VK Callback API endpoint",
            description = "Checked by the callback's secret (body field \"secret\"), not by a token. Answers the confirmation "
                    + "handshake with the configured string and every other event with \"ok\".")
    @APIResponse(responseCode = "200", description = "\"ok\", or the confirmation string")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "403", description = "Unknown callback or wrong secret (no detail)")
    @APIResponse(responseCode = "413", description = "Body over civicpulse.ingestion.webhooks.max-body-bytes")
    @APIResponse(responseCode = "422", description = "A value out of bounds (text length, date, attachments)")
    public Response receive(@PathParam("callbackId") String callbackId, InputStream body) throws IOException {
        IngestionConfig.VkCallback callback = config.vk().get(callbackId);
        if (callback == null) {
            return ru.civicpulse.common.ProblemMappers.respond(WebhookGate.FORBIDDEN);
        }
        JsonNode event = EventJson.mapper().readTree(LimitedBody.read(body, config.webhooks().maxBodyBytes()));
        if (event == null || !event.isObject() || !event.path("type").isTextual()) {
            throw ProblemException.badRequest("Expected a VK Callback API event.");
        }
        String type = event.path("type").asText();
        boolean confirmation = "confirmation".equals(type);
        // VK may omit the secret in the handshake; every event must carry it
        if (!(confirmation && !event.has("secret")) && !WebhookIntake.secretMatches(callback.secret(), event.path("secret").asText(null))) {
            return ru.civicpulse.common.ProblemMappers.respond(WebhookGate.FORBIDDEN);
        }
        if (confirmation) {
            return Response.ok(callback.confirmation(), MediaType.TEXT_PLAIN).build();
        }
        String eventId = event.path("event_id").asText(null);
        WebhookIntake.Delivery delivery = new VkEventMapper(callback, pseudonymizer)
                .map(type, event.path("object"), event.path("group_id").asLong());
        rules.requireValid(delivery.message());
        intake.handle("vk:" + callbackId, eventId, delivery);
        return Response.ok("ok", MediaType.TEXT_PLAIN).build();
    }
}
