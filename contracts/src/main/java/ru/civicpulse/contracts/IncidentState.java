package ru.civicpulse.contracts;

/**
 * Where an incident stands in the workflow. An incident nobody has changed yet is {@link #NEW};
 * {@link #RESOLVED} and {@link #REJECTED} are final. The allowed transitions are reporting-service's
 * (see its README).
 */
public enum IncidentState {
    NEW, IN_PROGRESS, DECISION_TAKEN, RESOLVED, REJECTED;

    /** True for the states nothing leaves. */
    public boolean isFinal() {
        return this == RESOLVED || this == REJECTED;
    }
}
