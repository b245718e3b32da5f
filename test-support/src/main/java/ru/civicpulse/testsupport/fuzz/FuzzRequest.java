package ru.civicpulse.testsupport.fuzz;

/**
 * One generated request: the attack it carries ({@code attack}, e.g. {@code json.deep-nesting}),
 * method, path with query (already percent-encoded where needed), content type (null: no header)
 * and body bytes.
 */
public record FuzzRequest(String target, String attack, String method, String pathAndQuery, String contentType,
                          byte[] body) {

    /** A short description for failure messages: never the whole body, which can be megabytes. */
    public String describe() {
        String preview = body == null ? "" : new String(body, 0, Math.min(body.length, 160),
                java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
        return attack + " " + method + " " + (pathAndQuery.length() > 160 ? pathAndQuery.substring(0, 160) + "…" : pathAndQuery)
                + " [" + contentType + ", " + (body == null ? 0 : body.length) + " bytes] " + preview;
    }
}
