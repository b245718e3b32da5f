package ru.civicpulse.ingestion.api;

import ru.civicpulse.common.ProblemException;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit: one byte more than the limit is where reading stops (413). */
final class LimitedBody {
    private LimitedBody() {
    }

    static byte[] read(InputStream body, int limit) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw ProblemException.tooLarge("The body may have at most " + limit + " bytes.");
        }
        if (bytes.length == 0) {
            throw ProblemException.badRequest("The body is empty.");
        }
        return bytes;
    }
}
