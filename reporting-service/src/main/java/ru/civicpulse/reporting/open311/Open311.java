package ru.civicpulse.reporting.open311;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The GeoReport v2 documents this service answers with (field names as the specification spells them). */
public final class Open311 {
    private Open311() {
    }

    /** A taxonomy group as a service; {@code keywords} are its topics' labels, comma-separated. */
    @RegisterForReflection
    public record Service(@JsonProperty("service_code") String serviceCode,
                          @JsonProperty("service_name") String serviceName,
                          @JsonProperty("description") String description,
                          @JsonProperty("metadata") boolean metadata,
                          @JsonProperty("type") String type,
                          @JsonProperty("keywords") String keywords,
                          @JsonProperty("group") String group) {
    }

    /**
     * An incident as a service request. Fields without a value are left out of {@link #document()}:
     * the read model keeps no coordinates (no {@code lat}/{@code long}); {@code agencyResponsible} is the
     * executor the incident is routed to (none while unrouted); {@code statusNotes} is null until someone
     * comments a change.
     */
    public record ServiceRequest(String serviceRequestId, String status, String statusNotes, String serviceName,
                                 String serviceCode, String description, String agencyResponsible, Instant requestedDatetime,
                                 Instant updatedDatetime, String address) {

        /** The request as GeoReport v2 spells it, absent values left out. */
        public Map<String, Object> document() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("service_request_id", serviceRequestId);
            d.put("status", status);
            d.put("status_notes", statusNotes);
            d.put("service_name", serviceName);
            d.put("service_code", serviceCode);
            d.put("description", description);
            d.put("agency_responsible", agencyResponsible);
            d.put("requested_datetime", requestedDatetime.toString());
            d.put("updated_datetime", updatedDatetime.toString());
            d.put("address", address);
            d.values().removeIf(Objects::isNull);
            return d;
        }
    }
}
