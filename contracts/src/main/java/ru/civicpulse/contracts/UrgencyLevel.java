package ru.civicpulse.contracts;

/** How urgently a message needs a reaction. */
public enum UrgencyLevel {
    NONE, ELEVATED, EMERGENCY
}
