package ru.civicpulse.tools;

import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;

import java.time.Instant;

/**
 * One demo message and the channel it enters through.
 *
 * @param inReplyTo  the answered message's {@code sourceMessageId} (official replies and comments)
 * @param redelivery true when this is a second delivery of a message already in the set (dedup must drop it)
 * @param intendedGroup the taxonomy group the text was written for (for reading the data, not sent)
 */
public record DemoMessage(Channel channel, Source source, String sourceMessageId, MessageKind kind, String municipality,
                          String district, String address, String text, Instant publishedAt, String authorId,
                          String inReplyTo, String postId, boolean redelivery, String intendedGroup) {

    /** How the message reaches ingestion. */
    public enum Channel {
        REST, VK, TELEGRAM, IMPORT
    }

    /** Counted by reporting's topic analytics: a first delivery of anything but an official reply. */
    public boolean counted() {
        return !redelivery && kind != MessageKind.OFFICIAL_REPLY;
    }
}
