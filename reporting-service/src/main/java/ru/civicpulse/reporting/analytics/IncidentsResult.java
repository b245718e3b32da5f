package ru.civicpulse.reporting.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ru.civicpulse.contracts.IncidentState;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Incidents (messages sharing an {@code incidentKey}) ranked by concern score, highest first. */
@RegisterForReflection
public record IncidentsResult(List<Incident> incidents) {

    /**
     * @param growth         messages in the second half of the period per message in the first half, minus 1
     *                       (0 = flat; first half empty counts as 1 message)
     * @param negativeShare  share of NEGATIVE tone
     * @param emergency      messages with EMERGENCY urgency
     * @param concernScore   see README "Concern score"
     * @param state          where the incident stands in the workflow (README "Incident workflow")
     */
    @RegisterForReflection
    public record Incident(String incidentKey, String municipality, String district, String districtLabel,
                           String group, String label, String topic, Instant firstSeen, Instant lastSeen,
                           long messages, long uniqueAuthors, double growth, double negativeShare,
                           long emergency, long elevated, double concernScore, List<Quote> quotes,
                           IncidentState state) {
    }

    /** A representative message, text masked as ingested. */
    @RegisterForReflection
    public record Quote(UUID messageId, String text, String source, String url, Instant publishedAt) {
    }
}
