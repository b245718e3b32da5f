package ru.civicpulse.ingestion.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: quoted fields may hold separators, doubled quotes and line
 * breaks. The separator (';', ',' or tab) is taken from the header line, as Russian
 * spreadsheet exports usually use ';'. Holds one record in memory at a time, and of it at most
 * {@code maxCell + 1} characters of a field and {@code maxColumns + 1} fields: whatever goes
 * beyond is skipped, so a row with a longer cell or more columns can be recognised and rejected
 * whatever its size.
 */
public final class CsvReader {
    static final int UNLIMITED = Integer.MAX_VALUE - 1;

    private CsvReader() {
    }

    public static void read(Reader in, RowSink sink) throws IOException {
        read(in, sink, UNLIMITED, UNLIMITED);
    }

    public static void read(Reader in, RowSink sink, int maxCell, int maxColumns) throws IOException {
        PushbackReader reader = new PushbackReader(in);
        if (reader.peek() == '\uFEFF') {
            reader.next(); // byte-order mark from spreadsheet exports
        }
        char separator = 0;
        long line = 1;
        while (reader.peek() != -1) {
            long startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStarted = false;
            boolean endOfRecord = false;
            while (!endOfRecord) {
                int c = reader.next();
                if (c == -1) {
                    break;
                }
                if (quoted) {
                    if (c == '"') {
                        if (reader.peek() == '"') {
                            reader.next();
                            append(field, '"', maxCell);
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        append(field, (char) c, maxCell);
                    }
                } else if (c == '"' && !fieldStarted) {
                    quoted = true;
                    fieldStarted = true;
                } else if (separator == 0 && (c == ';' || c == ',' || c == '\t')) {
                    separator = (char) c; // the first separator seen outside quotes in the header decides
                    addField(fields, field, maxColumns);
                    fieldStarted = false;
                } else if (c == separator) {
                    addField(fields, field, maxColumns);
                    fieldStarted = false;
                } else if (c == '\r') {
                    if (reader.peek() == '\n') {
                        reader.next();
                    }
                    endOfRecord = true;
                    line++;
                } else if (c == '\n') {
                    endOfRecord = true;
                    line++;
                } else {
                    append(field, (char) c, maxCell);
                    fieldStarted = true;
                }
            }
            addField(fields, field, maxColumns);
            if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                sink.row(startLine, fields);
            }
        }
    }

    private static void append(StringBuilder field, char c, int maxCell) {
        if (field.length() <= maxCell) {
            field.append(c);
        }
    }

    private static void addField(List<String> fields, StringBuilder field, int maxColumns) {
        if (fields.size() <= maxColumns) {
            fields.add(field.toString());
        }
        field.setLength(0);
    }

    /** One character of look-ahead over a buffered reader. */
    private static final class PushbackReader {
        private final Reader in;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        private int length;

        PushbackReader(Reader in) {
            this.in = in;
        }

        int peek() throws IOException {
            if (position == length) {
                length = in.read(buffer, 0, buffer.length);
                position = 0;
                if (length <= 0) {
                    length = 0;
                    return -1;
                }
            }
            return buffer[position];
        }

        int next() throws IOException {
            int c = peek();
            if (c != -1) {
                position++;
            }
            return c;
        }
    }
}
