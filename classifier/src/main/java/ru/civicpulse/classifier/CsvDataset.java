package ru.civicpulse.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads labelled examples from an RFC 4180 CSV (UTF-8, header row, quoted fields may span lines). */
public final class CsvDataset {
    private CsvDataset() {
    }

    public static List<LabelledText> read(Path file, String textColumn, String labelColumn, String topicColumnOrNull) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, textColumn, labelColumn, topicColumnOrNull);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static List<LabelledText> read(Reader reader, String textColumn, String labelColumn, String topicColumnOrNull) throws IOException {
        CsvReader csv = new CsvReader(reader);
        List<String> header = csv.next();
        if (header == null || (header.size() == 1 && header.get(0).isBlank())) {
            throw new IllegalArgumentException("file is empty");
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        int text = column(header, textColumn);
        int label = column(header, labelColumn);
        int topic = topicColumnOrNull == null ? -1 : column(header, topicColumnOrNull);
        List<LabelledText> out = new ArrayList<>();
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            int line = csv.recordStartLine;
            String t = field(row, text, line);
            String g = field(row, label, line).strip();
            String tp = topic < 0 ? null : field(row, topic, line).strip();
            if (g.isEmpty()) {
                throw new IllegalArgumentException("line " + line + ": empty label in column '" + labelColumn + "'");
            }
            out.add(new LabelledText(t, g, tp == null || tp.isEmpty() ? null : tp));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("file has a header but no rows");
        }
        return out;
    }

    /** Reads just one text column (labels not needed), e.g. for prediction. */
    public static List<String> readTexts(Reader reader, String textColumn) throws IOException {
        CsvReader csv = new CsvReader(reader);
        List<String> header = csv.next();
        if (header == null) {
            throw new IllegalArgumentException("file is empty");
        }
        int text = column(header, textColumn);
        List<String> out = new ArrayList<>();
        for (List<String> row = csv.next(); row != null; row = csv.next()) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue;
            }
            out.add(field(row, text, csv.recordStartLine));
        }
        return out;
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("column '" + name + "' not found; columns are: " + String.join(", ", header));
        }
        return i;
    }

    private static String field(List<String> row, int i, int line) {
        if (i >= row.size()) {
            throw new IllegalArgumentException("line " + line + ": has " + row.size() + " fields, expected at least " + (i + 1));
        }
        return row.get(i);
    }

    /** Minimal RFC 4180 record reader. */
    static final class CsvReader {
        private final BufferedReader in;
        private int line = 1;
        int recordStartLine;

        CsvReader(Reader reader) {
            this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        }

        List<String> next() throws IOException {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            recordStartLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            while (true) {
                if (c < 0) {
                    if (quoted) {
                        throw new IllegalArgumentException("line " + recordStartLine + ": unterminated quoted field");
                    }
                    fields.add(f.toString());
                    return fields;
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int d = in.read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            if (d >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        f.append(ch);
                    }
                } else if (ch == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (ch == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    fieldStart = true;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    line++;
                    fields.add(f.toString());
                    return fields;
                } else {
                    f.append(ch);
                    fieldStart = false;
                }
                c = in.read();
            }
        }
    }
}
