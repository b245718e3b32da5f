package ru.civicpulse.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An endpoint to attack: its method, its path (with {@code {name}} placeholders for path
 * parameters), how its body is sent, and the fields of a valid request. Built fluently:
 *
 * <pre>{@code
 * FuzzTarget.json("POST", "/api/v1/classify")
 *         .field("text", FieldKind.text("Нет горячей воды"))
 *         .field("municipality", FieldKind.code("voronezh"));
 * FuzzTarget.multipart("POST", "/api/v1/models")
 *         .file("file", "train.csv", "text/csv", csvBytes)
 *         .field("textColumn", FieldKind.text("text"));
 * FuzzTarget.none("GET", "/api/v1/models/jobs/{id}").pathParam("id", FieldKind.uuid());
 * }</pre>
 */
public final class FuzzTarget {

    /** How the request body is encoded. */
    public enum BodyKind { JSON, FORM, MULTIPART, NONE }

    /** A file part of a multipart body. */
    public record FilePart(String field, String fileName, String contentType, byte[] content) {
    }

    private final String method;
    private final String path;
    private final BodyKind body;
    private final Map<String, FieldKind> fields = new LinkedHashMap<>();
    private final Map<String, FieldKind> pathParams = new LinkedHashMap<>();
    private FilePart file;

    private FuzzTarget(String method, String path, BodyKind body) {
        this.method = Objects.requireNonNull(method);
        this.path = Objects.requireNonNull(path);
        this.body = Objects.requireNonNull(body);
    }

    /** A JSON object body ({@code application/json}). */
    public static FuzzTarget json(String method, String path) {
        return new FuzzTarget(method, path, BodyKind.JSON);
    }

    /** An {@code application/x-www-form-urlencoded} body. */
    public static FuzzTarget form(String method, String path) {
        return new FuzzTarget(method, path, BodyKind.FORM);
    }

    /** A {@code multipart/form-data} body. */
    public static FuzzTarget multipart(String method, String path) {
        return new FuzzTarget(method, path, BodyKind.MULTIPART);
    }

    /** No body: only the path parameters, query and headers are attacked. */
    public static FuzzTarget none(String method, String path) {
        return new FuzzTarget(method, path, BodyKind.NONE);
    }

    public FuzzTarget field(String name, FieldKind kind) {
        fields.put(name, kind);
        return this;
    }

    public FuzzTarget pathParam(String name, FieldKind kind) {
        if (!path.contains("{" + name + "}")) {
            throw new IllegalArgumentException("path " + path + " has no {" + name + "}");
        }
        pathParams.put(name, kind);
        return this;
    }

    public FuzzTarget file(String field, String fileName, String contentType, byte[] content) {
        if (body != BodyKind.MULTIPART) {
            throw new IllegalStateException("only a multipart target has a file part");
        }
        this.file = new FilePart(field, fileName, contentType, content.clone());
        return this;
    }

    public FuzzTarget file(String field, String fileName, String contentType, String content) {
        return file(field, fileName, contentType, content.getBytes(StandardCharsets.UTF_8));
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public BodyKind body() {
        return body;
    }

    public Map<String, FieldKind> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    public Map<String, FieldKind> pathParams() {
        return java.util.Collections.unmodifiableMap(pathParams);
    }

    public FilePart filePart() {
        return file;
    }

    /** The method and path template, e.g. {@code POST /api/v1/classify}: a name for counts. */
    public String name() {
        return method + " " + path;
    }

    @Override
    public String toString() {
        return name();
    }
}
