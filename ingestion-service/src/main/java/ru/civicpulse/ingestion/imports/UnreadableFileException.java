package ru.civicpulse.ingestion.imports;

import java.io.IOException;

/** A file that is not what it claims to be; its message is ours and safe to show (no path, no library text). */
public class UnreadableFileException extends IOException {
    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
