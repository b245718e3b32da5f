package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
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

/** Telegram Bot API webhook (setWebhook with secret_token). */
@Path("/webhooks/telegram/{botId}")
@Tag(name = "Webhooks")
@Blocking
@PermitAll
public class TelegramWebhookResource {
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    @Inject
    IngestionConfig config;
    @Inject
    WebhookIntake intake;
    @Inject
    Pseudonymizer pseudonymizer;
    @Inject
    MessageRules rules;

    @POST
    @RateLimited(value = RateLimitClass.INTAKE, channel = "botId")
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Telegram webhook endpoint",
            description = "Checked by the " + SECRET_HEADER + " header, not by a token. message, edited_message, channel_post "
                    + "and edited_channel_post become messages; other updates are acknowledged and counted.")
    @APIResponse(responseCode = "200", description = "Update taken (or already taken)")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "403", description = "Unknown bot or wrong secret (no detail), refused before the body is read")
    @APIResponse(responseCode = "413", description = "Body over civicpulse.ingestion.webhooks.max-body-bytes")
    @APIResponse(responseCode = "422", description = "A value out of bounds (text length, date)")
    public Response receive(@PathParam("botId") String botId, @HeaderParam(SECRET_HEADER) String secret, InputStream body)
            throws IOException {
        IngestionConfig.TelegramBot bot = config.telegram().get(botId);
        if (bot == null || !WebhookIntake.secretMatches(bot.secret(), secret)) {
            return ru.civicpulse.common.ProblemMappers.respond(WebhookGate.FORBIDDEN);
        }
        JsonNode update = EventJson.mapper().readTree(LimitedBody.read(body, config.webhooks().maxBodyBytes()));
        if (update == null || !update.isObject() || !update.path("update_id").canConvertToLong()) {
            throw ProblemException.badRequest("Expected a Telegram Update with a numeric update_id.");
        }
        WebhookIntake.Delivery delivery = new TelegramUpdateMapper(bot, pseudonymizer).map(update);
        rules.requireValid(delivery.message());
        intake.handle("telegram:" + botId, update.path("update_id").asText(), delivery);
        return Response.ok().build();
    }
}
