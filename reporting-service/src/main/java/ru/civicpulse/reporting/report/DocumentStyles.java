package ru.civicpulse.reporting.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The style sheets of the HTML documents (report and brief): what they share
 * ({@code report/base.css}) followed by the document's own, inlined so each page stands alone.
 */
final class DocumentStyles {
    private DocumentStyles() {
    }

    /** The shared rules, then those of {@code report/<sheet>}, which refine them. */
    static String of(String sheet) {
        return read("base.css") + read(sheet);
    }

    private static String read(String sheet) {
        try (InputStream in = DocumentStyles.class.getResourceAsStream("/report/" + sheet)) {
            if (in == null) {
                throw new IllegalStateException("Style sheet is missing: " + sheet);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
