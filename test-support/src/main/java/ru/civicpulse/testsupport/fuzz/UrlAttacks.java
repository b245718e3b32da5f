package ru.civicpulse.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static ru.civicpulse.testsupport.fuzz.FuzzBytes.concat;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.percent;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.utf8Raw;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.CONTENT_TYPES;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_DATES;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.ODD_INSTANTS;
import static ru.civicpulse.testsupport.fuzz.FuzzValues.WRONG_TYPES;

/**
 * Attacks outside the body, on any target, each with an otherwise valid request:
 * <ul>
 *   <li>{@code path.param} — a hostile path parameter, percent-encoded: malformed UTF-8, control characters,
 *       wrong types, odd dates, up to 20,000 characters, dot segments and separators, unknown codes, hostile text;</li>
 *   <li>{@code query} — up to six query parameters with hostile, percent-encoded names and values;</li>
 *   <li>{@code content-type} — a wrong, missing or malformed {@code Content-Type};</li>
 *   <li>{@code unexpected-body} — for a target that takes no body: deep JSON or malformed UTF-8 with any content type.</li>
 * </ul>
 */
final class UrlAttacks {

    private final RequestFuzzer fuzzer;
    private final FuzzTarget target;
    private final Random random;
    private final FuzzValues draw;
    private final JsonAttacks json;

    UrlAttacks(RequestFuzzer fuzzer, Random random, FuzzValues draw, JsonAttacks json) {
        this.fuzzer = fuzzer;
        this.target = fuzzer.target();
        this.random = random;
        this.draw = draw;
        this.json = json;
    }

    FuzzRequest noBody() {
        if (random.nextBoolean() && !target.pathParams().isEmpty()) {
            return pathParam();
        }
        if (random.nextBoolean()) {
            return query();
        }
        // a body nobody asked for
        return fuzzer.request("unexpected-body", target.method(), fuzzer.filledPath(), draw.pick(CONTENT_TYPES),
                random.nextBoolean() ? json.deepJson(2 + random.nextInt(fuzzer.depthLimit() - 1), false)
                        : concat(draw.invalidUtf8Text(), utf8Raw(draw.controlText())));
    }

    FuzzRequest pathParam() {
        Map<String, String> params = new LinkedHashMap<>();
        target.pathParams().forEach((name, kind) -> params.put(name, percent(utf8Raw(kind.valid()))));
        List<String> names = new ArrayList<>(params.keySet());
        String name = names.get(random.nextInt(names.size()));
        FieldKind kind = target.pathParams().get(name);
        byte[] raw = switch (random.nextInt(8)) {
            case 0 -> draw.invalidUtf8Text();
            case 1 -> utf8Raw(draw.controlText());
            case 2 -> utf8Raw(draw.pick(new String[]{"0", "-1", "not-a-uuid", "00000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff", "0b0f6c1e-8d5a-4e43-9a57-1c2d3e4f5a6bx", "{id}", "null",
                    "9223372036854775808", "1e400", "true", "[]"}));
            case 3 -> utf8Raw(kind instanceof FieldKind.Date ? draw.pick(ODD_DATES) : draw.pick(ODD_INSTANTS));
            case 4 -> utf8Raw("x".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 20_000)));
            case 5 -> utf8Raw(draw.pick(new String[]{"..", ".", "../..", "a/b", "a\\b", "%", "%00", "%2e%2e", ";x=1", "?", "#"}));
            case 6 -> kind instanceof FieldKind.Code c ? utf8Raw(draw.unknownCode(c)) : utf8Raw(draw.hostileText());
            default -> utf8Raw(draw.hostileText());
        };
        params.put(name, percent(raw));
        String path = target.path();
        for (Map.Entry<String, String> e : params.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue().isEmpty() ? "%20" : e.getValue());
        }
        return fuzzer.request("path.param", target.method(), path, fuzzer.defaultContentType(), fuzzer.validBody());
    }

    FuzzRequest query() {
        StringBuilder q = new StringBuilder("?");
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            if (i > 0) {
                q.append('&');
            }
            byte[] key = random.nextBoolean() ? utf8Raw(draw.pick(new String[]{"page", "size", "from", "to", "sort", "q", "limit",
                    "offset", "municipality", "x"})) : draw.invalidUtf8Text();
            byte[] value = switch (random.nextInt(5)) {
                case 0 -> draw.invalidUtf8Text();
                case 1 -> utf8Raw(draw.controlText());
                case 2 -> utf8Raw(draw.pick(ODD_INSTANTS));
                case 3 -> utf8Raw(draw.pick(WRONG_TYPES));
                default -> utf8Raw(draw.hostileText());
            };
            q.append(percent(key)).append('=').append(percent(value));
        }
        return fuzzer.request("query", target.method(), fuzzer.filledPath() + q, fuzzer.defaultContentType(), fuzzer.validBody());
    }

    FuzzRequest contentType() {
        String type = draw.pick(CONTENT_TYPES);
        return fuzzer.request("content-type", target.method(), fuzzer.filledPath(), type, fuzzer.validBody());
    }
}
