package ru.civicpulse.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded generator of malformed requests for one {@link FuzzTarget}: the same seed gives the
 * same requests byte for byte, so a failure found once can be replayed. Each request carries one
 * attack, named in {@link FuzzRequest#attack()}:
 * <ul>
 *   <li>{@code *.broken} — unreadable syntax (truncated JSON, stray characters, bad percent escapes,
 *       a multipart body without its boundary or closing delimiter);</li>
 *   <li>{@code *.wrong-type} — numbers, booleans, arrays, objects or null where a string is expected, and the reverse;</li>
 *   <li>{@code json.deep-nesting} — arrays or objects nested up to {@link #maxDepth(int) maxDepth} (10,000) levels;</li>
 *   <li>{@code *.huge} — a string value of {@link #hugeValues(int, int) 1–5 MB} (and numbers of thousands of digits);</li>
 *   <li>{@code *.invalid-utf8} — malformed UTF-8 byte sequences inside a value;</li>
 *   <li>{@code *.control} — NUL and other control characters, raw and escaped, and lone surrogates;</li>
 *   <li>{@code *.odd-date} — years 0000, 0001, 9999, ±999999999, {@code 2026-02-30}, hour 24, second 60, offsets out of range;</li>
 *   <li>{@code *.unknown-code} — codes that are not in the field's closed set (case, spaces, look-alike letters);</li>
 *   <li>{@code *.hostile-text} — empty and blank values, injection strings, long runs of one character, emoji, combining marks;</li>
 *   <li>{@code *.missing}, {@code *.extra} — missing, null, duplicated or unknown fields;</li>
 *   <li>{@code content-type} — a valid body with a wrong, missing or malformed {@code Content-Type};</li>
 *   <li>{@code path.param}, {@code query} — hostile path parameters and query strings (percent-encoded bytes).</li>
 * </ul>
 * Not thread-safe: draw requests from one thread (the {@link FuzzDriver} does).
 */
public final class RequestFuzzer implements Supplier<FuzzRequest> {

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

    private static final String[] WRONG_TYPES = {
            "0", "-1", "1.5e308", "1e400", "-1e400", "9223372036854775808", "-0", "0.0000000000000000000001", "true", "false",
            "null", "[]", "{}", "[\"a\"]", "{\"a\":1}", "[null]", "\"\"", "\"123\"", "\"true\"", "[[[]]]"};

    private static final String[] NOT_JSON = {
            "NaN", "Infinity", "-Infinity", "undefined", "'single'", "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]", "{\"a\" 1}",
            "{\"a\":1}}", "{{}", "/* c */{}", "// c\n{}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":0x10}", "{\"a\":\"\\x41\"}",
            "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"tab\there\"}", "\u0000", "\ufeff{}", "{\"a\":1}garbage",
            "{\"a\":\"unterminated}", "[", "{", "\"", ",", ":", "}", "]", "tru", "nul"};

    private static final String[] CONTENT_TYPES = {
            null, "text/plain", "text/plain; charset=utf-8", "application/xml", "application/octet-stream",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"unterminated", "application/json; charset=utf-16",
            "application/json; charset=nonsense-42", "application/json; charset=\"", "application/json;;;",
            "application/problem+json", "text/csv", "*/*", "application/*", "/", "json", "application/json\t; x=y",
            "image/png", "application/vnd.api+json"};

    private static final String[] ODD_INSTANTS = {
            "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z",
            "2026-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
            "2026-11-01T24:00:00Z", "2026-11-01T23:59:60Z", "2026-11-01T23:61:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
            "2026-11-01", "2026-11-01T00:00:00", "2026-11-01T00:00:00+25:00", "2026-11-01T00:00:00+18:01",
            "2026-11-01T00:00:00.1234567891234Z", "2026-11-01 00:00:00", "01.11.2026", "11/01/2026", "2026-W44-1",
            "\uff12\uff10\uff12\uff16-11-01T00:00:00Z", "2026-11-01T00:00:00Z\u0000", "", " ", "now", "0",
            "-62135596800", "253402300800", "1e309", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59.999999999+14:00"};

    private static final String[] ODD_DATES = {
            "0000-01-01", "0001-01-01", "9999-12-31", "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-01", "2026-11-31",
            "+999999999-12-31", "-999999999-01-01", "+10000-01-01", "-0001-01-01", "2026-11-01T00:00:00Z", "01.11.2026",
            "2026-1-1", "20261101", "", "today", "\uff12\uff10\uff12\uff16-11-01", "2026-11-01\u0000"};

    private static final String[] NUMBERS_AS_DATES = {"0", "-1", "1e400", "9223372036854775807", "-9223372036854775808",
            "1.5", "true", "[]", "{}"};

    private final Random random;
    private final FuzzTarget target;
    private int hugeMin = 1 << 20;
    private int hugeMax = 5 << 20;
    private int maxDepth = 10_000;
    private double hugeShare = 0.02;

    public RequestFuzzer(long seed, FuzzTarget target) {
        this.random = new Random(seed);
        this.target = target;
    }

    /** Size of the huge values, in bytes (default 1–5 MB). */
    public RequestFuzzer hugeValues(int minBytes, int maxBytes) {
        if (minBytes < 1 || maxBytes < minBytes) {
            throw new IllegalArgumentException("need 1 <= min <= max");
        }
        this.hugeMin = minBytes;
        this.hugeMax = maxBytes;
        return this;
    }

    /**
     * Share of requests that carry a huge value (default 0.02): huge bodies dominate the run time,
     * so a long run keeps them rare and a short one can raise the share.
     */
    public RequestFuzzer hugeShare(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("share must be within 0..1");
        }
        this.hugeShare = share;
        return this;
    }

    /** Deepest nesting generated (default 10,000 levels). */
    public RequestFuzzer maxDepth(int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("depth must be at least 2");
        }
        this.maxDepth = depth;
        return this;
    }

    public FuzzTarget target() {
        return target;
    }

    /** The next malformed request. */
    @Override
    public FuzzRequest get() {
        return next();
    }

    public FuzzRequest next() {
        if (random.nextDouble() < hugeShare) {
            return huge();
        }
        int roll = random.nextInt(100);
        if (roll < 6) {
            return contentType();
        }
        if (roll < 12 && !target.pathParams().isEmpty()) {
            return pathParam();
        }
        if (roll < 16) {
            return query();
        }
        return switch (target.body()) {
            case JSON -> json();
            case FORM -> form();
            case MULTIPART -> multipart();
            case NONE -> noBody();
        };
    }

    /** {@code n} requests in order. */
    public List<FuzzRequest> next(int n) {
        List<FuzzRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    // ---------------------------------------------------------------- JSON

    private FuzzRequest json() {
        Map<String, byte[]> values = validJsonValues();
        String field = randomField();
        FieldKind kind = field == null ? null : target.fields().get(field);
        int roll = random.nextInt(13);
        switch (roll) {
            case 0 -> {
                return jsonRequest("json.broken", brokenJson(values));
            }
            case 1 -> {
                if (field == null) {
                    return jsonRequest("json.wrong-type", ascii(pick(WRONG_TYPES)));
                }
                values.put(field, ascii(pick(WRONG_TYPES)));
                return jsonRequest("json.wrong-type", object(values));
            }
            case 2 -> {
                byte[] deep = deepJson(2 + random.nextInt(maxDepth - 1), random.nextInt(4) == 0);
                if (field == null || random.nextBoolean()) {
                    return jsonRequest("json.deep-nesting", deep);
                }
                values.put(field, deep);
                return jsonRequest("json.deep-nesting", object(values));
            }
            case 3 -> {
                if (field == null) {
                    return jsonRequest("json.invalid-utf8", concat(ascii("\""), invalidUtf8Text(), ascii("\"")));
                }
                values.put(field, concat(ascii("\""), invalidUtf8Text(), ascii("\"")));
                return jsonRequest("json.invalid-utf8", object(values));
            }
            case 4 -> {
                String s = controlText();
                byte[] v = random.nextBoolean() ? jsonString(s) : concat(ascii("\""), utf8Raw(s), ascii("\""));
                if (field == null) {
                    return jsonRequest("json.control", v);
                }
                values.put(field, v);
                if (random.nextInt(4) == 0) {
                    // a NUL in a field name too
                    values.put("na\u0000me", jsonString("x"));
                }
                return jsonRequest("json.control", object(values));
            }
            case 5, 6 -> {
                String dateField = fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                if (dateField == null) {
                    break;
                }
                values.put(dateField, oddDateJson(target.fields().get(dateField)));
                return jsonRequest("json.odd-date", object(values));
            }
            case 7 -> {
                String codeField = fieldOf(FieldKind.Code.class);
                if (codeField == null) {
                    break;
                }
                values.put(codeField, jsonString(unknownCode((FieldKind.Code) target.fields().get(codeField))));
                return jsonRequest("json.unknown-code", object(values));
            }
            case 8 -> {
                if (field == null) {
                    break;
                }
                if (random.nextBoolean()) {
                    values.remove(field);
                } else {
                    values.put(field, ascii("null"));
                }
                return jsonRequest("json.missing", object(values));
            }
            case 9 -> {
                if (random.nextBoolean() && field != null) {
                    // duplicate key: first valid, then hostile
                    byte[] obj = object(values);
                    byte[] dup = concat(ascii(",\"" + field + "\":"), ascii(pick(WRONG_TYPES)), ascii("}"));
                    byte[] head = java.util.Arrays.copyOf(obj, obj.length - 1);
                    return jsonRequest("json.extra", values.isEmpty() ? obj : concat(head, dup));
                }
                for (int i = 0, n = 1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 5); i < n; i++) {
                    values.put("extra" + i, ascii(pick(WRONG_TYPES)));
                }
                values.put("@class", jsonString("java.lang.ProcessBuilder"));
                return jsonRequest("json.extra", object(values));
            }
            case 10 -> {
                return jsonRequest("json.not-object", ascii(pick(new String[]{"", " ", "null", "0", "\"text\"", "[]",
                        "[{}]", "true", "[" + new String(object(values), StandardCharsets.UTF_8) + "]"})));
            }
            default -> {
            }
        }
        // hostile text in a string field (also the fallback when the target has no field of the kind drawn)
        if (field == null) {
            return jsonRequest("json.broken", ascii(pick(NOT_JSON)));
        }
        values.put(field, jsonString(hostileText()));
        return jsonRequest("json.hostile-text", object(values));
    }

    private byte[] brokenJson(Map<String, byte[]> values) {
        byte[] valid = object(values);
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(valid, valid.length <= 1 ? 0 : random.nextInt(valid.length - 1) + 1);
            case 1 -> {
                byte[] b = valid.clone();
                if (b.length > 0) {
                    String junk = "{}[]\",:\\'\u0000x";
                    b[random.nextInt(b.length)] = (byte) junk.charAt(random.nextInt(junk.length()));
                }
                yield b;
            }
            case 2 -> concat(valid, ascii(pick(new String[]{"}", ",", "x", "{}", "]", "\u0000"})));
            default -> ascii(pick(NOT_JSON));
        };
    }

    private byte[] deepJson(int depth, boolean unclosed) {
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        StringBuilder sb = new StringBuilder(depth * (open.length() + 1) + 2);
        sb.append(open.repeat(depth));
        sb.append('1');
        if (!unclosed) {
            sb.append(close.repeat(depth));
        }
        return ascii(sb.toString());
    }

    private Map<String, byte[]> validJsonValues() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        target.fields().forEach((name, kind) -> values.put(name, validJson(kind)));
        return values;
    }

    private static byte[] validJson(FieldKind kind) {
        if (kind instanceof FieldKind.Int || kind instanceof FieldKind.Bool) {
            return ascii(kind.valid());
        }
        return jsonString(kind.valid());
    }

    private byte[] oddDateJson(FieldKind kind) {
        if (random.nextInt(5) == 0) {
            return ascii(pick(NUMBERS_AS_DATES));
        }
        return jsonString(kind instanceof FieldKind.Date ? pick(ODD_DATES) : pick(ODD_INSTANTS));
    }

    private FuzzRequest jsonRequest(String attack, byte[] body) {
        return request(attack, target.method(), filledPath(), "application/json", body);
    }

    // ---------------------------------------------------------------- form

    private FuzzRequest form() {
        Map<String, byte[]> values = validRawValues();
        String field = randomField();
        String attack;
        switch (random.nextInt(9)) {
            case 0 -> {
                attack = "form.broken";
                return request(attack, target.method(), filledPath(), "application/x-www-form-urlencoded",
                        ascii(pick(new String[]{"%", "%zz", "a=%", "a=%4", "=&=&==", "&&&", "a", "%00=%00", "a=b=c",
                                "%c0%80=1", "\u0000=\u0000", "a[b][c][d]=1", "+%2B+=%20"})));
            }
            case 1 -> {
                attack = "form.invalid-utf8";
                putIfField(values, field, invalidUtf8Text());
            }
            case 2 -> {
                attack = "form.control";
                putIfField(values, field, utf8Raw(controlText()));
            }
            case 3 -> {
                attack = "form.odd-date";
                String f = fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                if (f != null) {
                    values.put(f, utf8Raw(target.fields().get(f) instanceof FieldKind.Date ? pick(ODD_DATES) : pick(ODD_INSTANTS)));
                } else {
                    putIfField(values, field, utf8Raw(pick(ODD_INSTANTS)));
                }
            }
            case 4 -> {
                attack = "form.unknown-code";
                String f = fieldOf(FieldKind.Code.class);
                putIfField(values, f == null ? field : f,
                        utf8Raw(f == null ? hostileText() : unknownCode((FieldKind.Code) target.fields().get(f))));
            }
            case 5 -> {
                attack = "form.wrong-type";
                putIfField(values, field, utf8Raw(pick(WRONG_TYPES)));
            }
            case 6 -> {
                attack = "form.missing";
                if (field != null) {
                    values.remove(field);
                }
            }
            case 7 -> {
                attack = "form.extra";
                StringBuilder sb = new StringBuilder(new String(formBody(values), StandardCharsets.US_ASCII));
                for (int i = 0, n = 1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 5); i < n; i++) {
                    sb.append('&').append(field == null ? "x" + i : field).append('=').append(percent(utf8Raw(pick(WRONG_TYPES))));
                }
                return request(attack, target.method(), filledPath(), "application/x-www-form-urlencoded", ascii(sb.toString()));
            }
            default -> {
                attack = "form.hostile-text";
                putIfField(values, field, utf8Raw(hostileText()));
            }
        }
        return request(attack, target.method(), filledPath(), "application/x-www-form-urlencoded", formBody(values));
    }

    private static byte[] formBody(Map<String, byte[]> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((name, value) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(percent(utf8Raw(name))).append('=').append(percent(value));
        });
        return ascii(sb.toString());
    }

    // ---------------------------------------------------------------- multipart

    private FuzzRequest multipart() {
        Map<String, byte[]> values = validRawValues();
        String field = randomField();
        FuzzTarget.FilePart file = target.filePart();
        byte[] fileContent = file == null ? null : file.content();
        String fileName = file == null ? null : file.fileName();
        String fileType = file == null ? null : file.contentType();
        String boundary = "cpfuzz" + Long.toHexString(random.nextLong());
        String contentType = "multipart/form-data; boundary=" + boundary;
        String attack;
        boolean closed = true;
        switch (random.nextInt(11)) {
            case 0 -> {
                attack = "multipart.broken";
                switch (random.nextInt(4)) {
                    case 0 -> closed = false;
                    case 1 -> contentType = "multipart/form-data; boundary=other" + boundary;
                    case 2 -> contentType = "multipart/form-data";
                    default -> {
                        byte[] body = multipartBody(boundary, values, file, fileName, fileType, fileContent, true);
                        return request(attack, target.method(), filledPath(), contentType,
                                java.util.Arrays.copyOf(body, random.nextInt(Math.max(1, body.length))));
                    }
                }
            }
            case 1 -> {
                attack = "multipart.invalid-utf8";
                if (random.nextBoolean() && fileContent != null) {
                    fileContent = concat(fileContent, invalidUtf8Text(), ascii("\n"), fileContent);
                } else {
                    putIfField(values, field, invalidUtf8Text());
                }
            }
            case 2 -> {
                attack = "multipart.control";
                switch (random.nextInt(3)) {
                    case 0 -> putIfField(values, field, utf8Raw(controlText()));
                    case 1 -> fileName = "a\u0000b.csv";
                    default -> {
                        if (fileContent != null) {
                            fileContent = concat(utf8Raw("\u0000"), fileContent, utf8Raw(controlText()));
                        } else {
                            putIfField(values, field, utf8Raw(controlText()));
                        }
                    }
                }
            }
            case 3 -> {
                attack = "multipart.binary-file";
                byte[] garbage = new byte[random.nextInt(4096)];
                random.nextBytes(garbage);
                fileContent = random.nextBoolean() ? garbage : concat(ascii("PK\u0003\u0004"), garbage);
                fileType = pick(new String[]{"application/zip", "image/png", "text/csv", "application/octet-stream"});
            }
            case 4 -> {
                attack = "multipart.csv";
                fileContent = utf8Raw(pick(new String[]{"", "\n", "text", "text,category\n", "\"unterminated,x\n1,2",
                        "text,category\n\"a\"\"b,c\n", "a,b,c\n" + "1\n".repeat(1000), "text;category\nгаз;ЖКХ\n",
                        "\ufefftext,category\nгаз,ЖКХ\n", "text,category\n" + ",\n".repeat(500),
                        "text,category\n" + "x,y\n".repeat(20_000), "text,text,text\n1,2,3\n", "\u0000,\u0000\n\u0000,\u0000",
                        "text,category\r" + "газ,ЖКХ\r".repeat(10)}));
            }
            case 5 -> {
                attack = "multipart.missing";
                if (random.nextBoolean() || file == null) {
                    if (field != null) {
                        values.remove(field);
                    }
                } else {
                    file = null;
                }
            }
            case 6 -> {
                attack = "multipart.wrong-type";
                putIfField(values, field, utf8Raw(pick(WRONG_TYPES)));
            }
            case 7 -> {
                attack = "multipart.odd-date";
                String f = fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                putIfField(values, f == null ? field : f, utf8Raw(pick(ODD_INSTANTS)));
            }
            case 8 -> {
                attack = "multipart.unknown-code";
                String f = fieldOf(FieldKind.Code.class);
                putIfField(values, f == null ? field : f,
                        utf8Raw(f == null ? hostileText() : unknownCode((FieldKind.Code) target.fields().get(f))));
            }
            case 9 -> {
                attack = "multipart.extra";
                int n = random.nextInt(3) == 0 ? 1000 + random.nextInt(2000) : 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    values.put(random.nextBoolean() || field == null ? "extra" + i : field + "\u0000" + i, utf8Raw("x"));
                }
            }
            default -> {
                attack = "multipart.hostile-text";
                putIfField(values, field, utf8Raw(hostileText()));
            }
        }
        return request(attack, target.method(), filledPath(), contentType,
                multipartBody(boundary, values, file, fileName, fileType, fileContent, closed));
    }

    private static byte[] multipartBody(String boundary, Map<String, byte[]> values, FuzzTarget.FilePart file, String fileName,
                                        String fileType, byte[] fileContent, boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        values.forEach((name, value) -> {
            out.writeBytes(utf8Raw("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"));
            out.writeBytes(value);
            out.writeBytes(ascii("\r\n"));
        });
        if (file != null) {
            out.writeBytes(utf8Raw("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field()
                    + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n"));
            out.writeBytes(fileContent);
            out.writeBytes(ascii("\r\n"));
        }
        if (closed) {
            out.writeBytes(ascii("--" + boundary + "--\r\n"));
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- no body, path, query, content type

    private FuzzRequest noBody() {
        if (random.nextBoolean() && !target.pathParams().isEmpty()) {
            return pathParam();
        }
        if (random.nextBoolean()) {
            return query();
        }
        // a body nobody asked for
        return request("unexpected-body", target.method(), filledPath(), pick(CONTENT_TYPES),
                random.nextBoolean() ? deepJson(2 + random.nextInt(maxDepth - 1), false) : concat(invalidUtf8Text(), utf8Raw(controlText())));
    }

    private FuzzRequest pathParam() {
        Map<String, String> params = new LinkedHashMap<>();
        target.pathParams().forEach((name, kind) -> params.put(name, percent(utf8Raw(kind.valid()))));
        List<String> names = new ArrayList<>(params.keySet());
        String name = names.get(random.nextInt(names.size()));
        FieldKind kind = target.pathParams().get(name);
        byte[] raw = switch (random.nextInt(8)) {
            case 0 -> invalidUtf8Text();
            case 1 -> utf8Raw(controlText());
            case 2 -> utf8Raw(pick(new String[]{"0", "-1", "not-a-uuid", "00000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", "0b0f6c1e-8d5a-4e43-9a57-1c2d3e4f5a6bx", "{id}", "null",
                    "9223372036854775808", "1e400", "true", "[]"}));
            case 3 -> utf8Raw(kind instanceof FieldKind.Date ? pick(ODD_DATES) : pick(ODD_INSTANTS));
            case 4 -> utf8Raw("x".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 20_000)));
            case 5 -> utf8Raw(pick(new String[]{"..", ".", "../..", "a/b", "a\\b", "%", "%00", "%2e%2e", ";x=1", "?", "#"}));
            case 6 -> kind instanceof FieldKind.Code c ? utf8Raw(unknownCode(c)) : utf8Raw(hostileText());
            default -> utf8Raw(hostileText());
        };
        params.put(name, percent(raw));
        String path = target.path();
        for (Map.Entry<String, String> e : params.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue().isEmpty() ? "%20" : e.getValue());
        }
        return request("path.param", target.method(), path, defaultContentType(), validBody());
    }

    private FuzzRequest query() {
        StringBuilder q = new StringBuilder("?");
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            if (i > 0) {
                q.append('&');
            }
            byte[] key = random.nextBoolean() ? utf8Raw(pick(new String[]{"page", "size", "from", "to", "sort", "q", "limit",
                    "offset", "municipality", "x"})) : invalidUtf8Text();
            byte[] value = switch (random.nextInt(5)) {
                case 0 -> invalidUtf8Text();
                case 1 -> utf8Raw(controlText());
                case 2 -> utf8Raw(pick(ODD_INSTANTS));
                case 3 -> utf8Raw(pick(WRONG_TYPES));
                default -> utf8Raw(hostileText());
            };
            q.append(percent(key)).append('=').append(percent(value));
        }
        return request("query", target.method(), filledPath() + q, defaultContentType(), validBody());
    }

    private FuzzRequest contentType() {
        String type = pick(CONTENT_TYPES);
        return request("content-type", target.method(), filledPath(), type, validBody());
    }

    private FuzzRequest huge() {
        int size = hugeMin + random.nextInt(hugeMax - hugeMin + 1);
        byte[] value = hugeValue(size);
        String field = randomField();
        return switch (target.body()) {
            case JSON -> {
                Map<String, byte[]> values = validJsonValues();
                if (field == null) {
                    yield jsonRequest("json.huge", concat(ascii("\""), value, ascii("\"")));
                }
                values.put(field, random.nextInt(5) == 0 ? ascii("1".repeat(Math.min(size, 100_000)))
                        : concat(ascii("\""), value, ascii("\"")));
                yield jsonRequest("json.huge", object(values));
            }
            case FORM -> {
                Map<String, byte[]> values = validRawValues();
                putIfField(values, field, value);
                yield request("form.huge", target.method(), filledPath(), "application/x-www-form-urlencoded", formBody(values));
            }
            case MULTIPART -> {
                Map<String, byte[]> values = validRawValues();
                String boundary = "cpfuzz" + Long.toHexString(random.nextLong());
                FuzzTarget.FilePart file = target.filePart();
                byte[] content = file == null ? null : file.content();
                if (file != null && (field == null || random.nextBoolean())) {
                    content = concat(content, value);
                } else {
                    putIfField(values, field, value);
                }
                yield request("multipart.huge", target.method(), filledPath(), "multipart/form-data; boundary=" + boundary,
                        multipartBody(boundary, values, file, file == null ? null : file.fileName(),
                                file == null ? null : file.contentType(), content, true));
            }
            case NONE -> request("unexpected-body.huge", target.method(), filledPath(), "application/json",
                    concat(ascii("\""), value, ascii("\"")));
        };
    }

    /** Letters, hyphens and spaces (valid inside a JSON string and a multipart part), or one repeated character. */
    private byte[] hugeValue(int size) {
        byte[] b = new byte[size];
        if (random.nextBoolean()) {
            java.util.Arrays.fill(b, (byte) "a-. x".charAt(random.nextInt(5)));
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

    private byte[] validBody() {
        return switch (target.body()) {
            case JSON -> object(validJsonValues());
            case FORM -> formBody(validRawValues());
            case MULTIPART -> null; // filled in request(): needs a boundary matching the content type
            case NONE -> null;
        };
    }

    private String defaultContentType() {
        return switch (target.body()) {
            case JSON -> "application/json";
            case FORM -> "application/x-www-form-urlencoded";
            case MULTIPART -> "multipart/form-data";
            case NONE -> null;
        };
    }

    // ---------------------------------------------------------------- values

    private String hostileText() {
        if (random.nextInt(4) == 0) {
            String[] runs = {"-", ".", "!", "?", ",", "a", " ", "ж", "\u0000", "😀", "\ud83d"};
            return pick(runs).repeat(1 + random.nextInt(30_000));
        }
        return pick(HOSTILE_TEXT);
    }

    private String controlText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            sb.append(pick(CONTROL)).append(random.nextBoolean() ? "газ" : "");
        }
        return sb.toString();
    }

    private byte[] invalidUtf8Text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            out.writeBytes(utf8Raw(random.nextBoolean() ? "текст" : "x"));
            out.writeBytes(INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
        }
        return out.toByteArray();
    }

    private String unknownCode(FieldKind.Code kind) {
        String valid = kind.codes().get(random.nextInt(kind.codes().size()));
        return switch (random.nextInt(10)) {
            case 0 -> valid.toUpperCase(java.util.Locale.ROOT);
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

    private Map<String, byte[]> validRawValues() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        target.fields().forEach((name, kind) -> values.put(name, utf8Raw(kind.valid())));
        return values;
    }

    private static void putIfField(Map<String, byte[]> values, String field, byte[] value) {
        if (field != null) {
            values.put(field, value);
        }
    }

    private String randomField() {
        if (target.fields().isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(target.fields().keySet());
        return names.get(random.nextInt(names.size()));
    }

    @SafeVarargs
    private String fieldOf(Class<? extends FieldKind>... kinds) {
        List<String> names = new ArrayList<>();
        target.fields().forEach((name, kind) -> {
            for (Class<? extends FieldKind> k : kinds) {
                if (k.isInstance(kind)) {
                    names.add(name);
                }
            }
        });
        return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }

    private String filledPath() {
        String path = target.path();
        for (Map.Entry<String, FieldKind> e : target.pathParams().entrySet()) {
            path = path.replace("{" + e.getKey() + "}", percent(utf8Raw(e.getValue().valid())));
        }
        return path;
    }

    private FuzzRequest request(String attack, String method, String pathAndQuery, String contentType, byte[] body) {
        if (body == null && target.body() == FuzzTarget.BodyKind.MULTIPART) {
            String boundary = "cpfuzz" + Long.toHexString(random.nextLong());
            FuzzTarget.FilePart f = target.filePart();
            body = multipartBody(boundary, validRawValues(), f, f == null ? null : f.fileName(), f == null ? null : f.contentType(),
                    f == null ? null : f.content(), true);
            if ("multipart/form-data".equals(contentType)) {
                contentType = "multipart/form-data; boundary=" + boundary;
            }
        }
        return new FuzzRequest(target.name(), attack, method, pathAndQuery, contentType, body == null ? new byte[0] : body);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    // ---------------------------------------------------------------- encoding helpers

    private static byte[] object(Map<String, byte[]> values) {
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
        return java.util.Arrays.copyOf(out, n);
    }

    private static int put3(byte[] out, int n, char c) {
        out[n++] = (byte) (0xE0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[n++] = (byte) (0x80 | c & 0x3F);
        return n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
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

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
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

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    private static final boolean[] UNRESERVED = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            UNRESERVED[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~';
        }
    }
}
