package ru.civicpulse.ingestion.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;
import ru.civicpulse.contracts.Attachment;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.Geo;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.ingestion.message.StoredMessage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages table. Plain SQL on purpose: dedup is {@code insert ... on conflict do nothing}
 * and its row count, which holds under any concurrency because the unique index decides.
 * Callers run inside a JTA transaction; the pooled connection is enlisted in it.
 */
@ApplicationScoped
public class MessageRepository {
    private static final String COLUMNS = "id, revision, source, source_message_id, kind, channel_id, url, in_reply_to, author_ref, "
            + "text, published_at, received_at, municipality, geo_lat, geo_lon, address, attachments, source_executor";
    private static final String INSERT = "insert into messages (id, source, source_message_id, revision, kind, channel_id, url, "
            + "in_reply_to, author_ref, text, published_at, received_at, updated_at, municipality, geo_lat, geo_lon, address, attachments, "
            + "source_executor) values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict do nothing";
    private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {
    };

    @Inject
    AgroalDataSource dataSource;

    /** Inserts what is new; {@code result[i]} tells whether {@code messages.get(i)} was inserted (false: it existed). */
    public boolean[] insertNew(List<NewMessage> messages, Instant receivedAt) {
        if (messages.isEmpty()) {
            return new boolean[0];
        }
        OffsetDateTime received = utc(receivedAt);
        Sql.Batch batch = Sql.batch(INSERT);
        for (NewMessage m : messages) {
            batch.add(m.messageId(), m.source().name(), m.sourceMessageId(), m.kind().name(), m.channelId(), m.url(),
                    m.inReplyTo(), m.authorRef(), m.text(), utc(m.publishedAt()), received, received, m.municipality(),
                    m.geo() == null ? null : m.geo().lat(), m.geo() == null ? null : m.geo().lon(), m.address(),
                    json(m.attachments()), m.sourceExecutor());
        }
        try (Connection c = dataSource.getConnection()) {
            int[] counts = batch.execute(c);
            boolean[] inserted = new boolean[messages.size()];
            for (int k = 0; k < counts.length; k++) {
                inserted[k] = counts[k] > 0;
            }
            return inserted;
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store messages", e);
        }
    }

    /**
     * Applies an edit: a changed text or attachments bumps the revision. Empty when the message
     * is unknown; the unchanged row when the edit changes nothing.
     */
    public Optional<Revised> revise(NewMessage m, Instant now) {
        String attachments = json(m.attachments());
        Optional<StoredMessage> revised;
        try (Connection c = dataSource.getConnection()) {
            revised = new Sql("update messages set revision = revision + 1, text = ?, attachments = ?::jsonb, updated_at = ? "
                    + "where id = ? and (text <> ? or attachments <> ?::jsonb) returning " + COLUMNS,
                    m.text(), attachments, utc(now), m.messageId(), m.text(), attachments)
                    .optional(c, MessageRepository::read);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not revise message " + m.messageId(), e);
        }
        if (revised.isPresent()) {
            return Optional.of(new Revised(revised.get(), true));
        }
        return find(m.messageId()).map(existing -> new Revised(existing, false));
    }

    public record Revised(StoredMessage message, boolean changed) {
    }

    public Optional<StoredMessage> find(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select " + COLUMNS + " from messages where id = ?", id).optional(c, MessageRepository::read);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read message " + id, e);
        }
    }

    /** Removes rows received before {@code cutoff}; returns how many. */
    public int purgeReceivedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("delete from messages where received_at < ?", utc(cutoff)).update(c);
        } catch (SQLException e) {
            throw StorageFailure.of("Could not purge messages", e);
        }
    }

    private static StoredMessage read(ResultSet rs) throws SQLException {
        Double lat = Sql.nullableDouble(rs, "geo_lat");
        Geo geo = lat == null ? null : new Geo(lat, rs.getDouble("geo_lon"));
        NewMessage delivered = new NewMessage(
                Source.valueOf(rs.getString("source")),
                rs.getString("source_message_id"),
                MessageKind.valueOf(rs.getString("kind")),
                rs.getString("channel_id"),
                rs.getString("url"),
                rs.getObject("in_reply_to", UUID.class),
                rs.getString("author_ref"),
                rs.getString("text"),
                rs.getObject("published_at", OffsetDateTime.class).toInstant(),
                rs.getString("municipality"),
                geo,
                rs.getString("address"),
                attachments(rs.getString("attachments")),
                rs.getString("source_executor"));
        return new StoredMessage(rs.getObject("id", UUID.class), delivered, rs.getInt("revision"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant());
    }

    /**
     * Instants go to the timestamptz columns as UTC offset date-times: exact for any year, whatever
     * the JVM's zone and calendar.
     */
    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Attachment> attachments(String json) {
        try {
            return json == null ? List.of() : EventJson.mapper().readValue(json, ATTACHMENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
