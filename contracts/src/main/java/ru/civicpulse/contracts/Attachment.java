package ru.civicpulse.contracts;

/** A photo, video, document or link attached to a message; only its type and address travel. */
public record Attachment(String type, String url) {
}
