package ru.civicpulse.reporting.report;

import java.util.ArrayList;
import java.util.List;

/** Reads the reports' CSV back in tests: what a spreadsheet would see. */
final class ReportCsv {
    private ReportCsv() {
    }

    /** The reports' own CSV: semicolons, CRLF, RFC 4180 quotes. */
    static List<List<String>> parse(String text) {
        return parse(text, ';');
    }

    /** RFC 4180 reading with the given separator, as a spreadsheet's import does. */
    static List<List<String>> parse(String text, char separator) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (ch == separator) {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }
}
