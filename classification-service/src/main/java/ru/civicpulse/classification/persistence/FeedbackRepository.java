package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.contracts.ClassificationFeedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Analysts' corrections as labelled examples. */
@ApplicationScoped
public class FeedbackRepository {

    @Inject
    AgroalDataSource dataSource;

    /** Stores the correction once per event id; false for a re-delivery. */
    public boolean insert(ClassificationFeedback f) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into feedback (event_id, message_id, text, topic_group, topic, model_version, corrected_by) "
                             + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            Jdbc.bind(ps, f.eventId(), f.messageId(), f.text(), f.group(), f.topic(), f.modelVersion(), f.correctedBy());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    /** The latest correction of each message (an analyst may correct a correction). */
    public List<LabelledText> examples() {
        String sql = "select distinct on (coalesce(message_id, event_id)) text, topic_group, topic from feedback "
                + "order by coalesce(message_id, event_id), created_at desc";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<LabelledText> result = new ArrayList<>();
            while (rs.next()) {
                result.add(new LabelledText(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return result;
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select count(*) from feedback");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Jdbc.failure(e);
        }
    }
}
