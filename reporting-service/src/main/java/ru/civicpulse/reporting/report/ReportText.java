package ru.civicpulse.reporting.report;

/**
 * The one place where text that ends up in a report document (residents' quotes, labels, names) is
 * made safe for the document formats. Every renderer passes its text cells through here.
 * <ul>
 *   <li>{@link #clean}: removes what XML 1.0 forbids (C0 controls except tab, LF and CR; U+FFFE,
 *       U+FFFF; unpaired surrogates), so the XHTML parses and the PDF typesets;</li>
 *   <li>{@link #forXlsx}: clean, and at most {@value #XLSX_MAX} characters (a spreadsheet cell's limit);</li>
 *   <li>{@link #forCsv}: clean, and text that a spreadsheet would read as a formula (starting with
 *       {@code = + - @}, tab or CR, at the cell's start or after a separator) gets an apostrophe
 *       before it, so it shows as text (the OWASP CSV-injection rule).</li>
 * </ul>
 */
public final class ReportText {
    /** Longest text a spreadsheet cell holds. */
    public static final int XLSX_MAX = 32_767;
    static final String SHORTENED = "…";
    private static final String FORMULA_START = "=+-@\t\r";
    private static final String SPLITS_ON = ",;\t\r\n";

    private ReportText() {
    }

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        int i = 0;
        while (i < s.length() && allowed(s, i)) {
            i += Character.isHighSurrogate(s.charAt(i)) ? 2 : 1;
        }
        if (i >= s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, i);
        while (i < s.length()) {
            char ch = s.charAt(i);
            boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(ch).append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (allowed(s, i)) {
                out.append(ch);
            }
            i++;
        }
        return out.toString();
    }

    /** True when the char at {@code i} is allowed in XML 1.0 (a high surrogate only with its low half). */
    private static boolean allowed(String s, int i) {
        char ch = s.charAt(i);
        if (ch < 0x20) {
            return ch == '\t' || ch == '\n' || ch == '\r';
        }
        if (Character.isHighSurrogate(ch)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(ch)) {
            return false;
        }
        return ch != '\uFFFE' && ch != '\uFFFF';
    }

    public static String forXlsx(String s) {
        String v = clean(s);
        if (v.length() <= XLSX_MAX) {
            return v;
        }
        int end = XLSX_MAX - SHORTENED.length();
        if (Character.isHighSurrogate(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(0, end) + SHORTENED;
    }

    /**
     * A CSV cell (before quoting) that no spreadsheet takes for a formula, whatever separator it
     * splits lines with: an apostrophe goes before a formula character ({@code = + - @}, tab, CR)
     * that starts the cell or follows a character some import splits on ({@code , ; tab CR LF}).
     * Plain numbers ({@code -12}, {@code -3,5}) are left as they are: they are not formulas.
     */
    public static String forCsv(String s) {
        String v = clean(s);
        if (v.isEmpty() || isPlainNumber(v)) {
            return v;
        }
        StringBuilder out = null;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (FORMULA_START.indexOf(ch) >= 0 && (i == 0 || SPLITS_ON.indexOf(v.charAt(i - 1)) >= 0)) {
                if (out == null) {
                    out = new StringBuilder(v.length() + 8).append(v, 0, i);
                }
                out.append('\'');
            }
            if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? v : out.toString();
    }

    static boolean isPlainNumber(String v) {
        return v.matches("[-+]?\\d{1,18}([.,]\\d{1,18})?");
    }
}
