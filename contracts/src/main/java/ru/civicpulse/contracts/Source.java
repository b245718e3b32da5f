package ru.civicpulse.contracts;

/** Where a message came from. */
public enum Source {
    VK, TELEGRAM, OK, POS, INCIDENT_IMPORT, API
}
