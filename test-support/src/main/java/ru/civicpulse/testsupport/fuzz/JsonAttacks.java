package ru.civicpulse.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static ru.civicpulse.testsupport.fuzz.FuzzBytes.ascii;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.concat;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.jsonString;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.object;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.utf8Raw;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.NOT_JSON;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.NUMBERS_AS_DATES;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_DATES;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_INSTANTS;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.WRONG_TYPES;

/**
 * Attacks on a JSON body; each request spoils one field of an otherwise valid object (or the whole body):
 * <ul>
 *   <li>{@code json.broken} — unreadable syntax: truncated, a stray character, trailing junk, not JSON at all;</li>
 *   <li>{@code json.wrong-type} — numbers, booleans, arrays, objects or null where a string is expected, and the reverse;</li>
 *   <li>{@code json.deep-nesting} — arrays or objects nested up to the fuzzer's maximum depth (10,000 levels
 *       by default), sometimes left unclosed;</li>
 *   <li>{@code json.invalid-utf8} — malformed UTF-8 byte sequences inside a string;</li>
 *   <li>{@code json.control} — NUL and other control characters, raw and escaped, and lone surrogates
 *       (sometimes a NUL in a field name too);</li>
 *   <li>{@code json.odd-date} — impossible or out-of-range dates and instants, and numbers where a date is expected;</li>
 *   <li>{@code json.unknown-code} — codes that are not in the field's closed set;</li>
 *   <li>{@code json.missing}, {@code json.extra} — a missing or null field; a duplicated key, unknown fields
 *       (up to 5,000) and a type hint ({@code @class});</li>
 *   <li>{@code json.not-object} — an empty body, a scalar or an array instead of the object;</li>
 *   <li>{@code json.hostile-text} — hostile text in a field.</li>
 * </ul>
 */
final class JsonAttacks {

    private final RequestFuzzer fuzzer;
    private final FuzzTarget target;
    private final Random random;
    private final FuzzValues draw;

    JsonAttacks(RequestFuzzer fuzzer, Random random, FuzzValues draw) {
        this.fuzzer = fuzzer;
        this.target = fuzzer.target();
        this.random = random;
        this.draw = draw;
    }

    FuzzRequest json() {
        Map<String, byte[]> values = validJsonValues();
        String field = fuzzer.randomField();
        int roll = random.nextInt(13);
        switch (roll) {
            case 0 -> {
                return jsonRequest("json.broken", brokenJson(values));
            }
            case 1 -> {
                if (field == null) {
                    return jsonRequest("json.wrong-type", ascii(draw.pick(WRONG_TYPES)));
                }
                values.put(field, ascii(draw.pick(WRONG_TYPES)));
                return jsonRequest("json.wrong-type", object(values));
            }
            case 2 -> {
                byte[] deep = deepJson(2 + random.nextInt(fuzzer.depthLimit() - 1), random.nextInt(4) == 0);
                if (field == null || random.nextBoolean()) {
                    return jsonRequest("json.deep-nesting", deep);
                }
                values.put(field, deep);
                return jsonRequest("json.deep-nesting", object(values));
            }
            case 3 -> {
                if (field == null) {
                    return jsonRequest("json.invalid-utf8", concat(ascii("\""), draw.invalidUtf8Text(), ascii("\"")));
                }
                values.put(field, concat(ascii("\""), draw.invalidUtf8Text(), ascii("\"")));
                return jsonRequest("json.invalid-utf8", object(values));
            }
            case 4 -> {
                String s = draw.controlText();
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
                String dateField = fuzzer.fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                if (dateField == null) {
                    break;
                }
                values.put(dateField, oddDateJson(target.fields().get(dateField)));
                return jsonRequest("json.odd-date", object(values));
            }
            case 7 -> {
                String codeField = fuzzer.fieldOf(FieldKind.Code.class);
                if (codeField == null) {
                    break;
                }
                values.put(codeField, jsonString(draw.unknownCode((FieldKind.Code) target.fields().get(codeField))));
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
                    byte[] dup = concat(ascii(",\"" + field + "\":"), ascii(draw.pick(WRONG_TYPES)), ascii("}"));
                    byte[] head = Arrays.copyOf(obj, obj.length - 1);
                    return jsonRequest("json.extra", values.isEmpty() ? obj : concat(head, dup));
                }
                for (int i = 0, n = 1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 5); i < n; i++) {
                    values.put("extra" + i, ascii(draw.pick(WRONG_TYPES)));
                }
                values.put("@class", jsonString("java.lang.ProcessBuilder"));
                return jsonRequest("json.extra", object(values));
            }
            case 10 -> {
                return jsonRequest("json.not-object", ascii(draw.pick(new String[]{"", " ", "null", "0", "\"text\"", "[]",
                        "[{}]", "true", "[" + new String(object(values), StandardCharsets.UTF_8) + "]"})));
            }
            default -> {
            }
        }
        // hostile text in a string field (also the fallback when the target has no field of the kind drawn)
        if (field == null) {
            return jsonRequest("json.broken", ascii(draw.pick(NOT_JSON)));
        }
        values.put(field, jsonString(draw.hostileText()));
        return jsonRequest("json.hostile-text", object(values));
    }

    private byte[] brokenJson(Map<String, byte[]> values) {
        byte[] valid = object(values);
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(valid, valid.length <= 1 ? 0 : random.nextInt(valid.length - 1) + 1);
            case 1 -> {
                byte[] b = valid.clone();
                if (b.length > 0) {
                    String junk = "{}[]\",:\\'\u0000x";
                    b[random.nextInt(b.length)] = (byte) junk.charAt(random.nextInt(junk.length()));
                }
                yield b;
            }
            case 2 -> concat(valid, ascii(draw.pick(new String[]{"}", ",", "x", "{}", "]", "\u0000"})));
            default -> ascii(draw.pick(NOT_JSON));
        };
    }

    byte[] deepJson(int depth, boolean unclosed) {
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

    Map<String, byte[]> validJsonValues() {
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
            return ascii(draw.pick(NUMBERS_AS_DATES));
        }
        return jsonString(kind instanceof FieldKind.Date ? draw.pick(ODD_DATES) : draw.pick(ODD_INSTANTS));
    }

    FuzzRequest jsonRequest(String attack, byte[] body) {
        return fuzzer.request(attack, target.method(), fuzzer.filledPath(), "application/json", body);
    }
}
