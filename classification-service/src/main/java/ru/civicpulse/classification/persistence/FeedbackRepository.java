package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.common.sql.StorageFailure;
import ru.civicpulse.contracts.ClassificationFeedback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Analysts' corrections as labelled examples. */
@ApplicationScoped
public class FeedbackRepository {

    @Inject
    AgroalDataSource dataSource;

    /** Stores the correction once per event id; false for a re-delivery. */
    public boolean insert(ClassificationFeedback f) {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("insert into feedback (event_id, message_id, text, topic_group, topic, model_version, corrected_by) "
                    + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                    f.eventId(), f.messageId(), f.text(), f.group(), f.topic(), f.modelVersion(), f.correctedBy()).update(c) == 1;
        } catch (SQLException e) {
            throw StorageFailure.of("Could not store feedback", e);
        }
    }

    /** The latest correction of each message (an analyst may correct a correction). */
    public List<LabelledText> examples() {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select distinct on (coalesce(message_id, event_id)) text, topic_group, topic from feedback "
                    + "order by coalesce(message_id, event_id), created_at desc")
                    .list(c, rs -> new LabelledText(rs.getString("text"), rs.getString("topic_group"), rs.getString("topic")));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not read feedback", e);
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection()) {
            return new Sql("select count(*) as n from feedback").one(c, rs -> rs.getLong("n"));
        } catch (SQLException e) {
            throw StorageFailure.of("Could not count feedback", e);
        }
    }
}
