package ru.civicpulse.testsupport.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static ru.civicpulse.testsupport.fuzz.FuzzBytes.ascii;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.concat;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.percent;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.utf8Raw;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_DATES;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_INSTANTS;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.WRONG_TYPES;
import static ru.civicpulse.testsupport.fuzz.RequestFuzzer.putIfField;

/**
 * Attacks on a form body ({@code form.*}) and a multipart body ({@code multipart.*}); each spoils one
 * field or the file part of an otherwise valid body:
 * <ul>
 *   <li>{@code *.broken} — bad percent escapes, stray separators and bracketed keys in a form; a multipart body
 *       cut short, without its closing delimiter, or with a missing or wrong boundary;</li>
 *   <li>{@code *.invalid-utf8} — malformed UTF-8 byte sequences in a value (or in the file);</li>
 *   <li>{@code *.control} — NUL and other control characters and lone surrogates in a value (or in the
 *       file, or its name);</li>
 *   <li>{@code *.odd-date} — impossible or out-of-range dates and instants;</li>
 *   <li>{@code *.unknown-code} — codes that are not in the field's closed set;</li>
 *   <li>{@code *.wrong-type} — numbers, booleans, arrays, objects or null as text;</li>
 *   <li>{@code *.missing}, {@code *.extra} — a missing field or file part; a field repeated or unknown fields
 *       (up to 5,000) in a form, up to 3,000 unknown parts (some named as a field plus a NUL) in a multipart body;</li>
 *   <li>{@code multipart.binary-file} — random bytes (or a ZIP header) as the file, with a varying type;</li>
 *   <li>{@code multipart.csv} — odd CSV files: empty, unterminated quotes, wrong separators or line ends,
 *       missing columns, 20,000 rows;</li>
 *   <li>{@code *.hostile-text} — hostile text in a field.</li>
 * </ul>
 */
final class FormAttacks {

    private final RequestFuzzer fuzzer;
    private final FuzzTarget target;
    private final Random random;
    private final FuzzValues draw;

    FormAttacks(RequestFuzzer fuzzer, Random random, FuzzValues draw) {
        this.fuzzer = fuzzer;
        this.target = fuzzer.target();
        this.random = random;
        this.draw = draw;
    }

    FuzzRequest form() {
        Map<String, byte[]> values = fuzzer.validRawValues();
        String field = fuzzer.randomField();
        String attack;
        switch (random.nextInt(9)) {
            case 0 -> {
                attack = "form.broken";
                return fuzzer.request(attack, target.method(), fuzzer.filledPath(), "application/x-www-form-urlencoded",
                        ascii(draw.pick(new String[]{"%", "%zz", "a=%", "a=%4", "=&=&==", "&&&", "a", "%00=%00", "a=b=c",
                                "%c0%80=1", "\u0000=\u0000", "a[b][c][d]=1", "+%2B+=%20"})));
            }
            case 1 -> {
                attack = "form.invalid-utf8";
                putIfField(values, field, draw.invalidUtf8Text());
            }
            case 2 -> {
                attack = "form.control";
                putIfField(values, field, utf8Raw(draw.controlText()));
            }
            case 3 -> {
                attack = "form.odd-date";
                String f = fuzzer.fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                if (f != null) {
                    values.put(f, utf8Raw(target.fields().get(f) instanceof FieldKind.Date ? draw.pick(ODD_DATES) : draw.pick(ODD_INSTANTS)));
                } else {
                    putIfField(values, field, utf8Raw(draw.pick(ODD_INSTANTS)));
                }
            }
            case 4 -> {
                attack = "form.unknown-code";
                String f = fuzzer.fieldOf(FieldKind.Code.class);
                putIfField(values, f == null ? field : f,
                        utf8Raw(f == null ? draw.hostileText() : draw.unknownCode((FieldKind.Code) target.fields().get(f))));
            }
            case 5 -> {
                attack = "form.wrong-type";
                putIfField(values, field, utf8Raw(draw.pick(WRONG_TYPES)));
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
                    sb.append('&').append(field == null ? "x" + i : field).append('=').append(percent(utf8Raw(draw.pick(WRONG_TYPES))));
                }
                return fuzzer.request(attack, target.method(), fuzzer.filledPath(), "application/x-www-form-urlencoded", ascii(sb.toString()));
            }
            default -> {
                attack = "form.hostile-text";
                putIfField(values, field, utf8Raw(draw.hostileText()));
            }
        }
        return fuzzer.request(attack, target.method(), fuzzer.filledPath(), "application/x-www-form-urlencoded", formBody(values));
    }

    static byte[] formBody(Map<String, byte[]> values) {
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

    FuzzRequest multipart() {
        Map<String, byte[]> values = fuzzer.validRawValues();
        String field = fuzzer.randomField();
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
                        return fuzzer.request(attack, target.method(), fuzzer.filledPath(), contentType,
                                Arrays.copyOf(body, random.nextInt(Math.max(1, body.length))));
                    }
                }
            }
            case 1 -> {
                attack = "multipart.invalid-utf8";
                if (random.nextBoolean() && fileContent != null) {
                    fileContent = concat(fileContent, draw.invalidUtf8Text(), ascii("\n"), fileContent);
                } else {
                    putIfField(values, field, draw.invalidUtf8Text());
                }
            }
            case 2 -> {
                attack = "multipart.control";
                switch (random.nextInt(3)) {
                    case 0 -> putIfField(values, field, utf8Raw(draw.controlText()));
                    case 1 -> fileName = "a\u0000b.csv";
                    default -> {
                        if (fileContent != null) {
                            fileContent = concat(utf8Raw("\u0000"), fileContent, utf8Raw(draw.controlText()));
                        } else {
                            putIfField(values, field, utf8Raw(draw.controlText()));
                        }
                    }
                }
            }
            case 3 -> {
                attack = "multipart.binary-file";
                byte[] garbage = new byte[random.nextInt(4096)];
                random.nextBytes(garbage);
                fileContent = random.nextBoolean() ? garbage : concat(ascii("PK\u0003\u0004"), garbage);
                fileType = draw.pick(new String[]{"application/zip", "image/png", "text/csv", "application/octet-stream"});
            }
            case 4 -> {
                attack = "multipart.csv";
                fileContent = utf8Raw(draw.pick(new String[]{"", "\n", "text", "text,category\n", "\"unterminated,x\n1,2",
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
                putIfField(values, field, utf8Raw(draw.pick(WRONG_TYPES)));
            }
            case 7 -> {
                attack = "multipart.odd-date";
                String f = fuzzer.fieldOf(FieldKind.Timestamp.class, FieldKind.Date.class);
                putIfField(values, f == null ? field : f, utf8Raw(draw.pick(ODD_INSTANTS)));
            }
            case 8 -> {
                attack = "multipart.unknown-code";
                String f = fuzzer.fieldOf(FieldKind.Code.class);
                putIfField(values, f == null ? field : f,
                        utf8Raw(f == null ? draw.hostileText() : draw.unknownCode((FieldKind.Code) target.fields().get(f))));
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
                putIfField(values, field, utf8Raw(draw.hostileText()));
            }
        }
        return fuzzer.request(attack, target.method(), fuzzer.filledPath(), contentType,
                multipartBody(boundary, values, file, fileName, fileType, fileContent, closed));
    }

    static byte[] multipartBody(String boundary, Map<String, byte[]> values, FuzzTarget.FilePart file, String fileName,
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
}
