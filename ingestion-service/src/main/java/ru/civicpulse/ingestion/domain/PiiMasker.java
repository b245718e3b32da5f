package ru.civicpulse.ingestion.domain;

import java.util.regex.Pattern;

/** Masks phone numbers and e-mail addresses in free text before it is stored or published. */
public final class PiiMasker {
    public static final String PHONE_MASK = "[телефон скрыт]";
    public static final String EMAIL_MASK = "[e-mail скрыт]";

    // Russian numbers: +7 or 8, then 10 digits grouped with optional spaces, dashes, dots and brackets.
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d+])(?:\\+\\s*7|8)[\\s\\-.]*\\(?\\s*\\d{3}\\s*\\)?[\\s\\-.]*\\d{3}[\\s\\-.]*\\d{2}[\\s\\-.]*\\d{2}(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\d._%+\\-]+@[\\p{L}\\d\\-]+(?:\\.[\\p{L}\\d\\-]+)*\\.\\p{L}{2,}");

    private PiiMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = EMAIL.matcher(text).replaceAll(EMAIL_MASK);
        return PHONE.matcher(result).replaceAll(PHONE_MASK);
    }
}
