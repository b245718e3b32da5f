package ru.civicpulse.contracts;

import java.util.List;

/** Urgency level and the reasons found in the text (e.g. {@code gas-smell}, {@code no-heating}). */
public record Urgency(UrgencyLevel level, List<String> reasons) {
    public Urgency {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
