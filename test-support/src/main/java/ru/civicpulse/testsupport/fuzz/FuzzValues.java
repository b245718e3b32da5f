package ru.civicpulse.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import static ru.civicpulse.testsupport.fuzz.FuzzBytes.ascii;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.utf8Raw;

/**
 * The hostile values the attacks put into requests: fixed tables, and generators that draw from the
 * fuzzer's one {@link Random} (shared with the attacks, so the draws keep one order per seed).
 */
final class FuzzValues {

    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1}, {(byte) 0xE2, 0x28, (byte) 0xA1},
            {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xD0}, {(byte) 0x80}};

    private static final String[] CONTROL = {
            "\u0000", "a\u0000b", "\u0000\u0000\u0000", "\u0001\u0002\u0003", "\u0007\u0008", "\u001b[31m", "\u007f",
            "\u0085", "\u2028\u2029", "\ufeff", "\ufffe\uffff", "\ud800", "\udfff", "x\udc00\ud800y", "\ud83d", "\r\n\r\n",
            "\t\u000b\u000c"};

    private static final String[] HOSTILE_TEXT = {
            "", " ", "\u00a0\u3000", "null", "undefined", "%s%n%x", "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "{{7*7}}",
            "<script>alert(1)</script>", "' OR '1'='1' --", "'); DROP TABLE models; --", "../../../../etc/passwd",
            "..\\..\\windows\\win.ini", "\u202eгазом пахнет", "🔥💧⚡🧯🚒", "👨‍👩‍👧‍👦".repeat(50), "е\u0301".repeat(2000),
            "Z\u0351\u0352\u0353\u0354\u0355".repeat(500), "ᚠᛇᚻ 漢字 עברית العربية ελληνικά", "=HYPERLINK(\"x\")", "+1+1", "@SUM(1)",
            "\\u0000", "\\", "\"", "газ" + "-".repeat(40), "пахнет раз два три четыре пять газ" + "-".repeat(64)};

    /** Numbers, booleans, arrays, objects, null and quoted strings, as JSON text. */
    static final String[] WRONG_TYPES = {
            "0", "-1", "1.5e308", "1e400", "-1e400", "9223372036854775808", "-0", "0.0000000000000000000001", "true", "false",
            "null", "[]", "{}", "[\"a\"]", "{\"a\":1}", "[null]", "\"\"", "\"123\"", "\"true\"", "[[[]]]"};

    /** Almost JSON: JavaScript literals, single quotes, trailing commas, comments, bad escapes, fragments. */
    static final String[] NOT_JSON = {
            "NaN", "Infinity", "-Infinity", "undefined", "'single'", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]", "{\"a\" 1}",
            "{\"a\":1}}", "{{}", "/* c */{}", "// c\n{}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":0x10}", "{\"a\":\"\\x41\"}",
            "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"tab\there\"}", "\u0000", "\ufeff{}", "{\"a\":1}garbage",
            "{\"a\":\"unterminated}", "[", "{", "\"", ",", ":", "}", "]", "tru", "nul"};

    /** Wrong, missing ({@code null}) or malformed content types. */
    static final String[] CONTENT_TYPES = {
            null, "text/plain", "text/plain; charset=utf-8", "application/xml", "application/octet-stream",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"unterminated", "application/json; charset=utf-16",
            "application/json; charset=nonsense-42", "application/json; charset=\"", "application/json;;;",
            "application/problem+json", "text/csv", "*/*", "application/*", "/", "json", "application/json\t; x=y",
            "image/png", "application/vnd.api+json"};

    /** Years 0000, 0001, 9999, ±999999999, {@code 2026-02-30}, hour 24, second 60, offsets out of range, other formats. */
    static final String[] ODD_INSTANTS = {
            "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z",
            "2026-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
            "2026-11-01T24:00:00Z", "2026-11-01T23:59:60Z", "2026-11-01T23:61:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "2026-11-01", "2026-11-01T00:00:00", "2026-11-01T00:00:00+25:00", "2026-11-01T00:00:00+18:01",
            "2026-11-01T00:00:00.1234567891234Z", "2026-11-01 00:00:00", "01.11.2026", "11/01/2026", "2026-W44-1",
            "\uff12\uff10\uff12\uff16-11-01T00:00:00Z", "2026-11-01T00:00:00Z\u0000", "", " ", "now", "0",
            "-62135596800", "253402300800", "1e309", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59.999999999+14:00"};

    /** Dates of the same kind, and instants where a date is expected. */
    static final String[] ODD_DATES = {
            "0000-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-01", "2026-11-31",
            "+999999999-12-31", "-999999999-01-01", "+10000-01-01", "-0001-01-01", "2026-11-01T00:00:00Z", "01.11.2026",
            "2026-1-1", "20261101", "", "today", "\uff12\uff10\uff12\uff16-11-01", "2026-11-01\u0000"};

    /** JSON values that are not strings, where a date is expected. */
    static final String[] NUMBERS_AS_DATES = {"0", "-1", "1e400", "9223372036854775807", "-9223372036854775808",
            "1.5", "true", "[]", "{}"};

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    /** Empty and blank values, injection strings, emoji, combining marks, or a run of up to 30,000 of one character. */
    String hostileText() {
        if (random.nextInt(4) == 0) {
            String[] runs = {"-", ".", "!", "?", ",", "a", " ", "ж", "\u0000", "😀", "\ud83d"};
            return pick(runs).repeat(1 + random.nextInt(30_000));
        }
        return pick(HOSTILE_TEXT);
    }

    /**
     * One to three pieces of NUL, other control or invisible characters (escape, BOM, line separators) or lone
     * surrogates, some followed by text.
     */
    String controlText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            sb.append(pick(CONTROL)).append(random.nextBoolean() ? "газ" : "");
        }
        return sb.toString();
    }

    /** Text with malformed UTF-8 byte sequences (truncated, overlong, encoded surrogates, out of range). */
    byte[] invalidUtf8Text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            out.writeBytes(utf8Raw(random.nextBoolean() ? "текст" : "x"));
            out.writeBytes(INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
        }
        return out.toByteArray();
    }

    /** A code not in the field's closed set, mostly a valid one altered: case, spaces, a NUL, look-alike letters. */
    String unknownCode(FieldKind.Code kind) {
        String valid = kind.codes().get(random.nextInt(kind.codes().size()));
        return switch (random.nextInt(10)) {
            case 0 -> valid.toUpperCase(Locale.ROOT);
            case 1 -> " " + valid + " ";
            case 2 -> valid + "\u0000";
            case 3 -> valid.replace('o', 'о').replace('e', 'е').replace('a', 'а'); // Cyrillic look-alikes
            case 4 -> valid + "x";
            case 5 -> "";
            case 6 -> "unknown-" + random.nextInt(1000);
            case 7 -> valid.repeat(2000);
            case 8 -> valid + "'; --";
            default -> pick(new String[]{"*", "%", "_", "null", "../" + valid, valid + "," + valid, "0", "-1"});
        };
    }

    /** Letters, hyphens and spaces (valid inside a JSON string and a multipart part), or one repeated character. */
    byte[] hugeValue(int size) {
        byte[] b = new byte[size];
        if (random.nextBoolean()) {
            Arrays.fill(b, (byte) "a-. x".charAt(random.nextInt(5)));
            return b;
        }
        // a random block repeated: megabytes of single draws would cost more than sending them
        byte[] alphabet = ascii("abcdefgh ijklmnop-qrstuvwxyz 0123456789");
        byte[] block = new byte[Math.min(size, 8192)];
        for (int i = 0; i < block.length; i++) {
            block[i] = alphabet[random.nextInt(alphabet.length)];
        }
        for (int i = 0; i < size; i += block.length) {
            System.arraycopy(block, 0, b, i, Math.min(block.length, size - i));
        }
        return b;
    }

    String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
