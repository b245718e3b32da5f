package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.domain.WebhookIntake.Delivery;
import ru.civicpulse.ingestion.message.NewMessage;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Maps Telegram Bot API updates to messages; a message's source id is {@code <chat id>_<message id>}.
 * A private chat's id is the resident's own Telegram id and its username theirs too: there the
 * source id is {@code <pseudonym>_<message id>}, and no channel id or link is kept.
 * In a channel's linked discussion group Telegram copies each channel post in as an automatic
 * forward; comments reply to that copy, so they are pointed at the original channel post.
 */
final class TelegramUpdateMapper {
    private final IngestionConfig.TelegramBot bot;
    private final Pseudonymizer pseudonymizer;
    private final Set<String> officials;

    TelegramUpdateMapper(IngestionConfig.TelegramBot bot, Pseudonymizer pseudonymizer) {
        this.bot = bot;
        this.pseudonymizer = pseudonymizer;
        this.officials = bot.officialAccounts().orElse(Set.of());
    }

    Delivery map(JsonNode update) {
        for (String type : List.of("message", "edited_message", "channel_post", "edited_channel_post")) {
            if (update.hasNonNull(type)) {
                return message(update.get(type), type.startsWith("edited_"), type.endsWith("channel_post"));
            }
        }
        return Delivery.ignored(update.fieldNames().hasNext() ? firstOtherField(update) : "empty");
    }

    private static String firstOtherField(JsonNode update) {
        var names = update.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"update_id".equals(name)) {
                return name;
            }
        }
        return "empty";
    }

    private Delivery message(JsonNode m, boolean edit, boolean channelPost) {
        if (m.path("is_automatic_forward").asBoolean(false)) {
            return Delivery.ignored("automatic_forward"); // the channel post itself arrives as channel_post
        }
        String text = m.hasNonNull("text") ? m.path("text").asText() : m.path("caption").asText("");
        if (text.isBlank()) {
            return Delivery.ignored("no_text");
        }
        JsonNode chat = m.path("chat");
        boolean privateChat = "private".equals(chat.path("type").asText());
        String chatId = chat.path("id").asText();
        String conversation = privateChat ? pseudonymizer.pseudonym(Source.TELEGRAM, "chat:" + chatId) : chatId;
        String sourceId = conversation + "_" + m.path("message_id").asLong();
        String author = m.hasNonNull("sender_chat") ? m.path("sender_chat").path("id").asText()
                : m.hasNonNull("from") ? m.path("from").path("id").asText() : null;

        MessageKind kind;
        UUID inReplyTo = null;
        if (channelPost) {
            kind = MessageKind.POST;
            author = author == null ? chatId : author;
        } else if (privateChat) {
            kind = MessageKind.DIRECT_MESSAGE;
        } else {
            String parent = parentSourceId(m.path("reply_to_message"), chatId);
            inReplyTo = parent == null ? null : MessageIds.of(Source.TELEGRAM, parent);
            kind = parent == null ? MessageKind.POST : MessageKind.COMMENT;
        }
        if (inReplyTo != null && author != null && officials.contains(author)) {
            kind = MessageKind.OFFICIAL_REPLY;
        }
        String username = privateChat ? null : chat.path("username").asText(null);
        String url = username == null ? null : "https://t.me/" + username + "/" + m.path("message_id").asLong();
        Geo geo = m.has("location") ? new Geo(m.path("location").path("latitude").asDouble(),
                m.path("location").path("longitude").asDouble()) : null;
        return Delivery.of(new NewMessage(Source.TELEGRAM, sourceId, kind, privateChat ? null : chatId, url, inReplyTo,
                pseudonymizer.pseudonym(Source.TELEGRAM, author), text.strip(),
                VkEventMapper.epochSeconds(m.path("date")), bot.municipality(), geo, null, List.of(), null), edit);
    }

    /** The source id of what a group message answers: the channel post behind an automatic forward, or the message itself. */
    private static String parentSourceId(JsonNode parent, String chatId) {
        if (parent.isMissingNode() || parent.isNull()) {
            return null;
        }
        if (parent.path("is_automatic_forward").asBoolean(false)) {
            JsonNode origin = parent.path("forward_origin");
            if ("channel".equals(origin.path("type").asText()) && origin.has("message_id")) {
                return origin.path("chat").path("id").asText() + "_" + origin.path("message_id").asLong();
            }
            if (parent.has("forward_from_chat") && parent.has("forward_from_message_id")) {
                return parent.path("forward_from_chat").path("id").asText() + "_" + parent.path("forward_from_message_id").asLong();
            }
        }
        String parentChat = parent.path("chat").path("id").asText(chatId);
        return parentChat + "_" + parent.path("message_id").asLong();
    }
}
