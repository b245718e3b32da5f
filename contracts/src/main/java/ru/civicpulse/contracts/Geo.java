package ru.civicpulse.contracts;

/** WGS 84 coordinates. */
public record Geo(double lat, double lon) {
}
