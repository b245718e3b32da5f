package ru.civicpulse.ingestion.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import ru.civicpulse.common.Problem;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.WebhookIntake;

import java.util.List;

/**
 * Refuses webhook deliveries before their body is read: an unknown callback or bot, a wrong
 * Telegram secret (it travels in a header) and a declared {@code Content-Length} above
 * {@code civicpulse.ingestion.webhooks.max-body-bytes} are answered at once and the connection is
 * closed, so a 50 MB body with a wrong secret costs a few kilobytes. VK puts its secret in the
 * body, so a VK delivery is read (at most the limit) before its secret can be compared; bodies
 * without a length are cut off at the limit by the resources.
 */
@ApplicationScoped
public class WebhookGate {
    private static final String VK = "/webhooks/vk/";
    private static final String TELEGRAM = "/webhooks/telegram/";

    /** Says nothing of why: not which part (channel, secret) was wrong. */
    static final Problem FORBIDDEN = new Problem("about:blank", "Forbidden", 403, "The delivery is not accepted.", null, List.of());

    @Inject
    IngestionConfig config;

    void install(@Observes Router router) {
        router.route("/webhooks/*").order(-1000).handler(this::gate);
    }

    void gate(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean known;
        if (path.startsWith(TELEGRAM)) {
            IngestionConfig.TelegramBot bot = config.telegram().get(path.substring(TELEGRAM.length()));
            known = bot != null && WebhookIntake.secretMatches(bot.secret(), rc.request().getHeader(TelegramWebhookResource.SECRET_HEADER));
        } else if (path.startsWith(VK)) {
            known = config.vk().containsKey(path.substring(VK.length()));
        } else {
            known = false;
        }
        if (!known) {
            refuse(rc, 403, FORBIDDEN);
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            refuse(rc, 413, new Problem("about:blank", "Content Too Large", 413,
                    "A webhook delivery may have at most " + config.webhooks().maxBodyBytes() + " bytes.", path, List.of()));
            return;
        }
        rc.next();
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > config.webhooks().maxBodyBytes();
        } catch (NumberFormatException e) {
            return true; // not a length at all: do not read what follows
        }
    }

    private static void refuse(RoutingContext rc, int status, Problem problem) {
        var response = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close");
        if (problem == null) {
            response.end();
            return;
        }
        try {
            response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(EventJson.mapper().writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            response.end();
        }
    }
}
