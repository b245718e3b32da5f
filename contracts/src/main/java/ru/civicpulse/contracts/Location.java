package ru.civicpulse.contracts;

/** Where the problem is: a district code of the municipality's gazetteer and an address fragment. */
public record Location(String district, String address) {
}
