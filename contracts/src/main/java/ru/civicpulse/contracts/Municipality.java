package ru.civicpulse.contracts;

import java.util.List;
import java.util.Optional;

/**
 * A municipality served by CivicPulse: its code (as in tokens' {@code municipalities} claim and
 * in events), its Russian name and its districts (empty for a town without districts).
 */
public record Municipality(String code, String label, List<District> districts) {
    public Municipality {
        districts = List.copyOf(districts);
    }

    public record District(String code, String label) {
    }

    public Optional<District> district(String code) {
        return districts.stream().filter(d -> d.code().equals(code)).findFirst();
    }
}
