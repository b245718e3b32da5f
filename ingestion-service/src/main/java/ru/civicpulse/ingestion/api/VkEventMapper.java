package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageIds;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.domain.WebhookIntake.Delivery;
import ru.civicpulse.ingestion.message.NewMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Maps VK Callback API events to messages. Source ids follow VK's own addresses:
 * {@code wall<owner>_<post>} for posts, {@code wall<owner>_<post>_comment<id>} for comments,
 * {@code board<owner>_<topic>_<id>} for discussion posts. A direct message's peer is the resident's
 * own VK id, so it becomes {@code im<pseudonym>_<id>}, stable for edits but not the person's id;
 * a group chat's peer (from 2,000,000,000) names no one and stays {@code im<peer>_<id>}.
 */
final class VkEventMapper {
    /** VK numbers group chats' peers from here; below are users (and communities, negative). */
    static final long GROUP_CHAT_PEERS = 2_000_000_000L;

    private final IngestionConfig.VkCallback callback;
    private final Pseudonymizer pseudonymizer;
    private final Set<String> officials;

    VkEventMapper(IngestionConfig.VkCallback callback, Pseudonymizer pseudonymizer) {
        this.callback = callback;
        this.pseudonymizer = pseudonymizer;
        this.officials = callback.officialAccounts().orElse(Set.of());
    }

    Delivery map(String type, JsonNode object, long groupId) {
        return switch (type) {
            case "wall_post_new" -> post(object);
            case "wall_reply_new" -> wallComment(object, false);
            case "wall_reply_edit" -> wallComment(object, true);
            case "board_post_new" -> boardPost(object, false);
            case "board_post_edit" -> boardPost(object, true);
            case "message_new" -> directMessage(object.path("message"), groupId, false);
            // an edited direct message comes as the bare message object (older API versions: wrapped like message_new)
            case "message_edit" -> directMessage(object.has("message") ? object.path("message") : object, groupId, true);
            default -> Delivery.ignored(type);
        };
    }

    private Delivery post(JsonNode o) {
        long owner = o.path("owner_id").asLong();
        String id = "wall" + owner + "_" + o.path("id").asLong();
        return message(o, id, MessageKind.POST, null, String.valueOf(owner), "https://vk.com/" + id, false);
    }

    private Delivery wallComment(JsonNode o, boolean edit) {
        long owner = o.has("post_owner_id") ? o.path("post_owner_id").asLong() : o.path("owner_id").asLong();
        String post = "wall" + owner + "_" + o.path("post_id").asLong();
        String id = post + "_comment" + o.path("id").asLong();
        String parent = o.hasNonNull("reply_to_comment") && o.path("reply_to_comment").asLong() != 0
                ? post + "_comment" + o.path("reply_to_comment").asLong() : post;
        return message(o, id, MessageKind.COMMENT, parent, String.valueOf(owner),
                "https://vk.com/" + post + "?reply=" + o.path("id").asLong(), edit);
    }

    private Delivery boardPost(JsonNode o, boolean edit) {
        long owner = o.path("topic_owner_id").asLong();
        long topic = o.path("topic_id").asLong();
        String id = "board" + owner + "_" + topic + "_" + o.path("id").asLong();
        return message(o, id, MessageKind.COMMENT, null, String.valueOf(owner),
                "https://vk.com/topic" + owner + "_" + topic + "?post=" + o.path("id").asLong(), edit);
    }

    private Delivery directMessage(JsonNode m, long groupId, boolean edit) {
        if (m.isMissingNode() || !m.has("peer_id")) {
            return Delivery.ignored(edit ? "message_edit" : "message_new");
        }
        long peer = m.path("peer_id").asLong();
        long local = m.path("conversation_message_id").asLong(m.path("id").asLong());
        String conversation = peer >= GROUP_CHAT_PEERS ? String.valueOf(peer) : pseudonymizer.pseudonym(Source.VK, "peer:" + peer);
        return message(m, "im" + conversation + "_" + local, MessageKind.DIRECT_MESSAGE, null, String.valueOf(-Math.abs(groupId)),
                null, edit);
    }

    private Delivery message(JsonNode o, String sourceId, MessageKind kind, String parentSourceId, String channelId, String url,
                             boolean edit) {
        String text = o.path("text").asText("").strip();
        if (text.isEmpty()) {
            return Delivery.ignored("empty");
        }
        String author = o.hasNonNull("from_id") ? o.path("from_id").asText() : null;
        UUID inReplyTo = parentSourceId == null ? null : MessageIds.of(Source.VK, parentSourceId);
        if (author != null && officials.contains(author) && inReplyTo != null) {
            kind = MessageKind.OFFICIAL_REPLY;
        }
        Instant publishedAt = epochSeconds(o.path("date"));
        return Delivery.of(new NewMessage(Source.VK, sourceId, kind, channelId, url, inReplyTo,
                pseudonymizer.pseudonym(Source.VK, author), text, publishedAt, callback.municipality(), geo(o), null,
                attachments(o.path("attachments")), null), edit);
    }

    /** A Unix time as VK and Telegram send it; absent or 0 means now, absurd values are kept for the bounds check. */
    static Instant epochSeconds(JsonNode date) {
        long seconds = date.asLong();
        return seconds == 0 ? Instant.now() : Instant.ofEpochSecond(Math.max(-LATEST_EPOCH, Math.min(seconds, LATEST_EPOCH)));
    }

    private static final long LATEST_EPOCH = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private static Geo geo(JsonNode o) {
        JsonNode coordinates = o.path("geo").path("coordinates");
        if (coordinates.isObject() && coordinates.has("latitude") && coordinates.has("longitude")) {
            return new Geo(coordinates.path("latitude").asDouble(), coordinates.path("longitude").asDouble());
        }
        return null;
    }

    private static List<Attachment> attachments(JsonNode array) {
        List<Attachment> result = new ArrayList<>();
        for (JsonNode a : array) {
            String type = a.path("type").asText(null);
            if (type == null) {
                continue;
            }
            JsonNode body = a.path(type);
            String url = null;
            if (body.path("sizes").isArray() && !body.path("sizes").isEmpty()) {
                url = body.path("sizes").get(body.path("sizes").size() - 1).path("url").asText(null);
            } else if (body.hasNonNull("url")) {
                url = body.path("url").asText();
            }
            result.add(new Attachment(type, url));
        }
        return result;
    }
}
