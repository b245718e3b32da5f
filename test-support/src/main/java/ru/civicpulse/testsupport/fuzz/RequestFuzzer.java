package ru.civicpulse.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static ru.civicpulse.testsupport.fuzz.FormAttacks.formBody;
import static ru.civicpulse.testsupport.fuzz.FormAttacks.multipartBody;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.ascii;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.concat;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.object;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.percent;
import static ru.civicpulse.testsupport.fuzz.FuzzBytes.utf8Raw;

/**
 * A seeded generator of malformed requests for one {@link FuzzTarget}: the same seed gives the
 * same requests byte for byte, so a failure found once can be replayed. Each request carries one
 * attack, named in {@link FuzzRequest#attack()}:
 * <ul>
 *   <li>{@code json.*}, {@code form.*}, {@code multipart.*} — a body of the target's kind with one field, part or
 *       the syntax spoiled (most requests; listed in {@code JsonAttacks} and {@code FormAttacks});</li>
 *   <li>{@code content-type}, {@code path.param}, {@code query}, {@code unexpected-body} — a hostile
 *       {@code Content-Type}, path parameter or query string, or a body where none is expected (about one request
 *       in six; listed in {@code UrlAttacks});</li>
 *   <li>{@code *.huge} — a value of {@link #hugeValues(int, int) 1–5 MB} in a field, the file or the whole body
 *       (in JSON, sometimes a number of up to 100,000 digits), in a {@link #hugeShare(double) share} of the requests.</li>
 * </ul>
 * The hostile values come from {@code FuzzValues}, their encodings from {@code FuzzBytes}.
 * Not thread-safe: draw requests from one thread (the {@link FuzzDriver} does).
 */
public final class RequestFuzzer implements Supplier<FuzzRequest> {

    private final Random random;
    private final FuzzTarget target;
    private final FuzzValues draw;
    private final JsonAttacks jsonAttacks;
    private final FormAttacks formAttacks;
    private final UrlAttacks urlAttacks;
    private int hugeMin = 1 << 20;
    private int hugeMax = 5 << 20;
    private int maxDepth = 10_000;
    private double hugeShare = 0.02;

    public RequestFuzzer(long seed, FuzzTarget target) {
        this.random = new Random(seed);
        this.target = target;
        // one Random for all: the draws keep one order, so a seed replays byte for byte
        this.draw = new FuzzValues(random);
        this.jsonAttacks = new JsonAttacks(this, random, draw);
        this.formAttacks = new FormAttacks(this, random, draw);
        this.urlAttacks = new UrlAttacks(this, random, draw, jsonAttacks);
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
            return urlAttacks.contentType();
        }
        if (roll < 12 && !target.pathParams().isEmpty()) {
            return urlAttacks.pathParam();
        }
        if (roll < 16) {
            return urlAttacks.query();
        }
        return switch (target.body()) {
            case JSON -> jsonAttacks.json();
            case FORM -> formAttacks.form();
            case MULTIPART -> formAttacks.multipart();
            case NONE -> urlAttacks.noBody();
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

    /** The deepest nesting to generate. */
    int depthLimit() {
        return maxDepth;
    }

    // ---------------------------------------------------------------- huge values

    private FuzzRequest huge() {
        int size = hugeMin + random.nextInt(hugeMax - hugeMin + 1);
        byte[] value = draw.hugeValue(size);
        String field = randomField();
        return switch (target.body()) {
            case JSON -> {
                Map<String, byte[]> values = jsonAttacks.validJsonValues();
                if (field == null) {
                    yield jsonAttacks.jsonRequest("json.huge", concat(ascii("\""), value, ascii("\"")));
                }
                values.put(field, random.nextInt(5) == 0 ? ascii("1".repeat(Math.min(size, 100_000)))
                        : concat(ascii("\""), value, ascii("\"")));
                yield jsonAttacks.jsonRequest("json.huge", object(values));
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

    // ---------------------------------------------------------------- shared by the attacks

    /** A valid body of the target's kind; null for multipart, which {@link #request} builds with its boundary. */
    byte[] validBody() {
        return switch (target.body()) {
            case JSON -> object(jsonAttacks.validJsonValues());
            case FORM -> formBody(validRawValues());
            case MULTIPART -> null; // filled in request(): needs a boundary matching the content type
            case NONE -> null;
        };
    }

    String defaultContentType() {
        return switch (target.body()) {
            case JSON -> "application/json";
            case FORM -> "application/x-www-form-urlencoded";
            case MULTIPART -> "multipart/form-data";
            case NONE -> null;
        };
    }

    Map<String, byte[]> validRawValues() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        target.fields().forEach((name, kind) -> values.put(name, utf8Raw(kind.valid())));
        return values;
    }

    static void putIfField(Map<String, byte[]> values, String field, byte[] value) {
        if (field != null) {
            values.put(field, value);
        }
    }

    /** Any field of the target, or null if it has none. */
    String randomField() {
        if (target.fields().isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(target.fields().keySet());
        return names.get(random.nextInt(names.size()));
    }

    /** A field of one of the kinds, or null if the target has none (final: {@code @SafeVarargs} needs it). */
    @SafeVarargs
    final String fieldOf(Class<? extends FieldKind>... kinds) {
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

    /** The target's path with valid path parameters. */
    String filledPath() {
        String path = target.path();
        for (Map.Entry<String, FieldKind> e : target.pathParams().entrySet()) {
            path = path.replace("{" + e.getKey() + "}", percent(utf8Raw(e.getValue().valid())));
        }
        return path;
    }

    FuzzRequest request(String attack, String method, String pathAndQuery, String contentType, byte[] body) {
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
}
