package ru.civicpulse.common.text;

import java.util.regex.Pattern;

/**
 * Masks personal data in free text before it is stored or published (ingestion), and again in
 * documents made from stored text (reporting): phone numbers, e-mail
 * addresses and VK mentions of people ({@code [id123|Имя]}, {@code [club123|Название]},
 * {@code @id123 (Имя)}). Every step takes time linear in the text's length, so no text (a
 * 100,000-character run of letters, of spaces after an 8) can make it slow.
 */
public final class PiiMasker {
    public static final String PHONE_MASK = "[телефон скрыт]";
    public static final String EMAIL_MASK = "[e-mail скрыт]";
    public static final String MENTION_MASK = "[упоминание скрыто]";

    // Russian numbers: +7 or 8, then 10 digits grouped with optional spaces, dashes, dots and brackets.
    // Possessive quantifiers: a separator run is taken once and never given back character by character.
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d+])(?:\\+\\s*+7|8)[\\s\\-.]*+\\(?+\\s*+\\d{3}\\s*+\\)?+[\\s\\-.]*+\\d{3}[\\s\\-.]*+\\d{2}[\\s\\-.]*+\\d{2}(?!\\d)");
    // VK mention markup: [id123|Имя], [club123|Имя], [public123|Имя]; @id123 (Имя), *id123 (Имя), @id123
    private static final Pattern MENTION = Pattern.compile(
            "\\[(?:id|club|public|event)\\d{1,20}\\|[^\\[\\]\\r\\n]{0,200}\\]"
                    + "|[@*](?:id|club|public|event)\\d{1,20}(?:[ \\t]?+\\([^()\\r\\n]{0,200}\\))?");

    private PiiMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return maskPhones(maskMentions(maskEmails(text)));
    }

    static String maskPhones(CharSequence text) {
        return PHONE.matcher(text).replaceAll(PHONE_MASK);
    }

    static String maskMentions(CharSequence text) {
        return MENTION.matcher(text).replaceAll(MENTION_MASK);
    }

    /**
     * Replaces e-mail addresses: a local part of letters, digits and {@code ._%+-} right before an
     * {@code @}, then a domain of at least two dot-separated labels of letters, digits and dashes
     * whose last label starts with two letters or more. Scans each character a bounded number of
     * times: left of an {@code @} only back to the previous one, right of it only to the first
     * character a domain cannot hold.
     */
    static String maskEmails(CharSequence text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0; // text before this index is already in out (or needs no change)
        int leftLimit = 0; // the local part cannot reach back before the end of the previous '@' or match
        for (int at = 0; at < n; at++) {
            if (text.charAt(at) != '@') {
                continue;
            }
            int start = at;
            while (start > leftLimit && isLocal(text.charAt(start - 1))) {
                start--;
            }
            int end = start < at ? domainEnd(text, at + 1, n) : -1;
            if (end > 0) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, start).append(EMAIL_MASK);
                copied = end;
                at = end - 1;
                leftLimit = end;
            } else {
                leftLimit = at + 1;
            }
        }
        if (out == null) {
            return text.toString();
        }
        return out.append(text, copied, n).toString();
    }

    /** Where an e-mail domain starting at {@code from} ends, or -1 when there is none. */
    private static int domainEnd(CharSequence text, int from, int n) {
        int i = from;
        int labels = 0;
        int bestEnd = -1;
        while (i < n) {
            int labelStart = i;
            while (i < n && isDomain(text.charAt(i))) {
                i++;
            }
            if (i == labelStart) {
                break; // empty label: the domain ended at the previous dot
            }
            labels++;
            if (labels >= 2) {
                int letters = labelStart;
                while (letters < i && Character.isLetter(text.charAt(letters))) {
                    letters++;
                }
                if (letters - labelStart >= 2) {
                    bestEnd = letters; // the last label's leading letters end the address
                }
            }
            if (i < n && text.charAt(i) == '.' && i + 1 < n && isDomain(text.charAt(i + 1))) {
                i++;
                continue;
            }
            break;
        }
        return bestEnd;
    }

    private static boolean isLocal(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }
}
