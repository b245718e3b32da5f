package ru.civicpulse.contracts;

/** What a message is in its channel. {@link #OFFICIAL_REPLY} answers another message ({@code inReplyTo}). */
public enum MessageKind {
    POST, COMMENT, DIRECT_MESSAGE, APPEAL, OFFICIAL_REPLY
}
