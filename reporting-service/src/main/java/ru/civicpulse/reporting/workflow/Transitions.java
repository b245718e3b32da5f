package ru.civicpulse.reporting.workflow;

import ru.civicpulse.contracts.IncidentState;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static ru.civicpulse.contracts.IncidentState.DECISION_TAKEN;
import static ru.civicpulse.contracts.IncidentState.IN_PROGRESS;
import static ru.civicpulse.contracts.IncidentState.NEW;
import static ru.civicpulse.contracts.IncidentState.REJECTED;
import static ru.civicpulse.contracts.IncidentState.RESOLVED;

/**
 * The workflow's transition table (README "Incident workflow"): forward only, REJECTED from NEW or
 * IN_PROGRESS, nothing out of RESOLVED or REJECTED. A reason is required where someone decides.
 */
public final class Transitions {
    private static final Map<IncidentState, Set<IncidentState>> ALLOWED = new EnumMap<>(Map.of(
            NEW, EnumSet.of(IN_PROGRESS, REJECTED),
            IN_PROGRESS, EnumSet.of(DECISION_TAKEN, REJECTED),
            DECISION_TAKEN, EnumSet.of(RESOLVED),
            RESOLVED, EnumSet.noneOf(IncidentState.class),
            REJECTED, EnumSet.noneOf(IncidentState.class)));

    private Transitions() {
    }

    /** The states {@code from} may change to, in workflow order. */
    public static List<IncidentState> allowed(IncidentState from) {
        return ALLOWED.get(from).stream().sorted().toList();
    }

    public static boolean isAllowed(IncidentState from, IncidentState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** REJECTED and DECISION_TAKEN carry their reason. */
    public static boolean needsComment(IncidentState to) {
        return to == REJECTED || to == DECISION_TAKEN;
    }
}
