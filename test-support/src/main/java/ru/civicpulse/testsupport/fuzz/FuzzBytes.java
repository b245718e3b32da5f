package ru.civicpulse.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The byte encoders of the request fuzzer. They draw nothing at random; values can be megabytes, so
 * arrays are sized once instead of grown.
 */
final class FuzzBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    private static final boolean[] UNRESERVED = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            UNRESERVED[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~';
        }
    }

    private FuzzBytes() {
    }

    /** A JSON object of already encoded values, in the map's order. */
    static byte[] object(Map<String, byte[]> values) {
        int size = 2;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            size += e.getKey().length() * 6 + 4 + e.getValue().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size); // values can be megabytes: no regrowth
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(jsonString(e.getKey()));
            out.write(':');
            out.writeBytes(e.getValue());
        }
        out.write('}');
        return out.toByteArray();
    }

    /** A JSON string literal: quotes, backslashes, control characters and lone surrogates escaped. */
    static byte[] jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !validPairAt(s, i)) {
                sb.append("\\u").append(Character.forDigit(c >> 12, 16)).append(Character.forDigit(c >> 8 & 0xF, 16))
                        .append(Character.forDigit(c >> 4 & 0xF, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (Character.isHighSurrogate(c)) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean validPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /** UTF-8 bytes; lone surrogates are written as their 3-byte (invalid, CESU-style) form rather than '?'. */
    static byte[] utf8Raw(String s) {
        if (!hasSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8); // the common case, and the 30,000-character runs
        }
        byte[] out = new byte[s.length() * 3]; // no UTF-16 unit takes more than 3 bytes (a pair: 4 for 2)
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c) && !validPairAt(s, i)) {
                n = put3(out, n, c);
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else {
                n = put3(out, n, c);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int put3(byte[] out, int n, char c) {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
        return n;
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size]; // sized once: parts can be megabytes
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Percent-encodes every byte outside the unreserved set, so any byte sequence makes a valid URI component. */
    static String percent(byte[] raw) {
        byte[] out = new byte[raw.length * 3];
        int n = 0;
        for (byte b : raw) {
            int c = b & 0xFF;
            if (UNRESERVED[c]) {
                out[n++] = b;
            } else {
                out[n++] = '%';
                out[n++] = HEX[c >> 4];
                out[n++] = HEX[c & 0xF];
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }
}
