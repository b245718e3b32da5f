package ru.civicpulse.testsupport.fuzz;

/**
 * A request's line and headers, encoded into a buffer that one connection's thread reuses; and which request
 * targets and header values an HTTP client such as {@code java.net.http} would send as they are.
 */
final class RequestHead {
    private byte[] head = new byte[8192];

    /** The buffer the last {@link #encode} wrote into. */
    byte[] bytes() {
        return head;
    }

    /**
     * Writes the request line (with {@code target}, already checked) and the headers; the length written, or
     * -1 if no HTTP client would send the content type.
     */
    int encode(FuzzRequest r, String target, byte[] fixedHeaders) {
        if (r.contentType() != null && !isValidHeaderValue(r.contentType())) {
            return -1;
        }
        int n = 0;
        n = put(n, r.method());
        n = put(n, " ");
        n = put(n, target);
        n = put(n, " HTTP/1.1\r\n");
        n = put(n, fixedHeaders);
        if (r.contentType() != null) {
            n = put(n, "Content-Type: ");
            n = put(n, r.contentType());
            n = put(n, "\r\n");
        }
        n = put(n, "Content-Length: ");
        n = put(n, Integer.toString(r.body().length));
        return put(n, "\r\n\r\n");
    }

    /** Puts one byte per character: ISO-8859-1, which the callers checked the characters are. */
    private int put(int at, String text) {
        int length = text.length();
        ensure(at + length);
        for (int i = 0; i < length; i++) {
            head[at + i] = (byte) text.charAt(i);
        }
        return at + length;
    }

    private int put(int at, byte[] bytes) {
        ensure(at + bytes.length);
        System.arraycopy(bytes, 0, head, at, bytes.length);
        return at + bytes.length;
    }

    private void ensure(int size) {
        if (size > head.length) {
            head = java.util.Arrays.copyOf(head, Math.max(size, 2 * head.length));
        }
    }

    /** A path starting with / of the characters a URI's path and query allow, with well-formed escapes. */
    static boolean isPlainTarget(String s) {
        if (s.isEmpty() || s.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !TARGET_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] TARGET_CHARS = new boolean[128];

    static {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?";
        for (char c : allowed.toCharArray()) {
            TARGET_CHARS[c] = true;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The header values {@code java.net.http} sends: visible characters up to 0xFF, spaces and tabs. */
    static boolean isValidHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || (c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
