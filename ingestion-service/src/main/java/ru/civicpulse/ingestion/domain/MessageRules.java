package ru.civicpulse.ingestion.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.MessageIngested;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.message.NewMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds every message must keep, whichever channel brings it (REST, webhooks, imports), so
 * that nothing stored or published is unbounded or impossible. Channels report a broken rule in
 * their own way: REST as field errors, webhooks as a 422 problem, imports as a rejected row.
 */
@ApplicationScoped
public class MessageRules {
    /** Longest source message id, channel id or author id. */
    public static final int MAX_ID_LENGTH = 200;
    /** Longest attachment type ("photo", "video", ...). */
    public static final int MAX_ATTACHMENT_TYPE_LENGTH = 50;
    /** Messages older than this are not residents' messages of this system: the date is wrong. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Clocks drift, but a message is not published more than a day from now. */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);

    @Inject
    IngestionConfig config;

    /** Why a publication time cannot be taken, or null when it can. */
    public static String publishedAtProblem(Instant publishedAt) {
        if (publishedAt.isBefore(EARLIEST)) {
            return "must not be before 2000-01-01";
        }
        if (publishedAt.isAfter(Instant.now().plus(MAX_FUTURE))) {
            return "must not be more than a day in the future";
        }
        return null;
    }

    /** Every bound the message breaks, as field errors (empty when it keeps them all). */
    public List<FieldError> check(NewMessage m) {
        List<FieldError> errors = new ArrayList<>();
        length(errors, "sourceMessageId", m.sourceMessageId(), MAX_ID_LENGTH);
        length(errors, "channelId", m.channelId(), MAX_ID_LENGTH);
        length(errors, "text", m.text(), config.maxTextLength());
        length(errors, "url", m.url(), config.maxFieldLength());
        length(errors, "address", m.address(), config.maxFieldLength());
        length(errors, "sourceExecutor", m.sourceExecutor(), MessageIngested.MAX_SOURCE_EXECUTOR_LENGTH);
        String when = m.publishedAt() == null ? "is required" : publishedAtProblem(m.publishedAt());
        if (when != null) {
            errors.add(new FieldError("publishedAt", when));
        }
        if (m.geo() != null && !(Math.abs(m.geo().lat()) <= 90 && Math.abs(m.geo().lon()) <= 180)) {
            errors.add(new FieldError("geo", "must be {\"lat\": -90..90, \"lon\": -180..180}"));
        }
        if (m.attachments().size() > config.maxAttachments()) {
            errors.add(new FieldError("attachments", "must be at most " + config.maxAttachments() + " items"));
        } else {
            for (Attachment a : m.attachments()) {
                if (a.type() == null || a.type().isBlank() || a.type().length() > MAX_ATTACHMENT_TYPE_LENGTH
                        || (a.url() != null && a.url().length() > config.maxFieldLength())) {
                    errors.add(new FieldError("attachments", "each must have a type of at most " + MAX_ATTACHMENT_TYPE_LENGTH
                            + " characters and a url of at most " + config.maxFieldLength()));
                    break;
                }
            }
        }
        return errors;
    }

    /** For channels that deliver one message (webhooks): 422 with the broken bounds. Null (nothing taken in) passes. */
    public void requireValid(NewMessage m) {
        if (m == null) {
            return;
        }
        List<FieldError> errors = check(m);
        if (!errors.isEmpty()) {
            throw ru.civicpulse.common.ProblemException.unprocessable("The message is out of bounds.", errors);
        }
    }

    private static void length(List<FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }
}
