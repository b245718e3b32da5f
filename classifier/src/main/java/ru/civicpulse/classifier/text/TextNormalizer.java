package ru.civicpulse.classifier.text;

/**
 * Canonical form of a Russian social-media text, in one pass: lower case, ё→е, URLs, mentions and
 * emoji replaced by placeholder words, '#' dropped from hashtags (the word carries the topic),
 * masked PII such as {@code [телефон]} or {@code [скрыто]} kept as placeholder words, runs of three
 * or more identical letters squeezed to one ("ооочень" → "очень"), whitespace collapsed.
 * Punctuation is kept: tone and address rules read it; the tokeniser ignores it.
 */
public final class TextNormalizer {
    public static final String URL = "urlx";
    public static final String MENTION = "mentionx";
    public static final String EMOJI = "emojix";
    public static final String MASK_PHONE = "maskphone";
    public static final String MASK_EMAIL = "maskemail";
    public static final String MASK_HIDDEN = "maskhidden";
    public static final String MASK_OTHER = "maskx";

    private TextNormalizer() {
    }

    private static final ThreadLocal<Chars> SCRATCH = ThreadLocal.withInitial(Chars::new);

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        Chars out = SCRATCH.get();
        normalize(text, out);
        return new String(out.buf, 0, out.len);
    }

    /** A growable character buffer: the normalised text is {@code buf[0..len)}. */
    static final class Chars {
        char[] buf = new char[256];
        int len;

        void append(char c) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, len * 2);
            }
            buf[len++] = c;
        }

        void append(String s) {
            int n = s.length();
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(len * 2, len + n));
            }
            s.getChars(0, n, buf, len);
            len += n;
        }

        /** A single space unless the text is empty or already ends with one. */
        void space() {
            if (len > 0 && buf[len - 1] != ' ') {
                append(' ');
            }
        }

        void placeholder(String word) {
            space();
            append(word);
            append(' ');
        }
    }

    /** Normalises {@code text} into {@code out} (cleared first). */
    static void normalize(String text, Chars out) {
        out.len = 0;
        if (text == null) {
            return;
        }
        int n = text.length();
        int run = 0;
        char last = 0;
        int i = 0;
        while (i < n) {
            char ch = text.charAt(i);
            char c;
            // Fast path for what most texts are made of; the general path below treats these alike.
            if (ch >= 'а' && ch <= 'я') {
                c = ch;
            } else if (ch >= 'А' && ch <= 'Я') {
                c = (char) (ch + 32);
            } else if (ch == ' ') {
                out.space();
                i++;
                run = 0;
                continue;
            } else if (ch == ',' || ch == '.' || (ch >= '0' && ch <= '9')) {
                run = 0;
                last = 0;
                out.append(ch);
                i++;
                continue;
            } else {
                if ((ch == 'h' || ch == 'H' || ch == 'w' || ch == 'W') && startsUrl(text, i)) {
                    i = skipNonSpace(text, i);
                    out.placeholder(URL);
                    run = 0;
                    continue;
                }
                if (ch == '@' && i + 1 < n && isNameChar(text.charAt(i + 1)) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                    int j = i + 1;
                    while (j < n && (isNameChar(text.charAt(j)) || text.charAt(j) == '.')) {
                        j++;
                    }
                    i = j;
                    out.placeholder(MENTION);
                    run = 0;
                    continue;
                }
                if (ch == '[' || ch == '<' || ch == '{') {
                    int end = maskEnd(text, i);
                    if (end > 0) {
                        out.placeholder(maskKind(text, i + 1, end - 1));
                        i = end;
                        run = 0;
                        continue;
                    }
                }
                int cp = text.codePointAt(i);
                int width = Character.charCount(cp);
                if (isEmoji(cp)) {
                    out.placeholder(EMOJI);
                    i += width;
                    // a run of emoji (and their joiners/variation selectors) counts once
                    while (i < n && (isEmoji(text.codePointAt(i)) || isJoiner(text.charAt(i)))) {
                        i += Character.charCount(text.codePointAt(i));
                    }
                    run = 0;
                    continue;
                }
                if (isJoiner(ch)) {
                    i++;
                    continue;
                }
                if (ch == '#' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                    out.space();
                    i++;
                    run = 0;
                    continue;
                }
                if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) {
                    out.space();
                    i++;
                    run = 0;
                    continue;
                }
                c = lower(ch);
                if (!Character.isLetter(c)) {
                    run = 0;
                    last = 0;
                    out.append(c);
                    i++;
                    continue;
                }
            }
            // a letter
            if (c == last && run > 0) {
                run++;
                if (run == 3) {
                    out.len--; // "ооо" → "о": drop the doubled one
                }
                if (run >= 3) {
                    i++;
                    continue;
                }
            } else {
                run = 1;
                last = c;
            }
            out.append(c);
            i++;
        }
        if (out.len > 0 && out.buf[out.len - 1] == ' ') {
            out.len--;
        }
    }

    private static char lower(char ch) {
        if (ch >= 'А' && ch <= 'Я') {
            return (char) (ch + 32);
        }
        if (ch == 'ё' || ch == 'Ё') {
            return 'е';
        }
        return Character.toLowerCase(ch);
    }

    private static boolean startsUrl(String t, int i) {
        return t.regionMatches(true, i, "http://", 0, 7) || t.regionMatches(true, i, "https://", 0, 8)
                || (t.regionMatches(true, i, "www.", 0, 4) && (i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1))));
    }

    private static int skipNonSpace(String t, int i) {
        while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** End (exclusive) of a masked-PII placeholder like {@code [телефон]} starting at i, or -1. */
    private static int maskEnd(String t, int i) {
        char close = t.charAt(i) == '[' ? ']' : t.charAt(i) == '<' ? '>' : '}';
        int limit = Math.min(t.length(), i + 24);
        for (int j = i + 1; j < limit; j++) {
            char c = t.charAt(j);
            if (c == close) {
                return j > i + 1 ? j + 1 : -1;
            }
            if (!(Character.isLetter(c) || c == '-' || c == '_' || c == ' ')) {
                return -1;
            }
        }
        return -1;
    }

    /** The placeholder for the mask {@code text[from..to)}, read in place (no copy per mask). */
    private static String maskKind(String text, int from, int to) {
        if (mentions(text, from, to, "тел") || mentions(text, from, to, "phone")) {
            return MASK_PHONE;
        }
        if (mentions(text, from, to, "mail") || mentions(text, from, to, "почт")) {
            return MASK_EMAIL;
        }
        if (mentions(text, from, to, "скрыт") || mentions(text, from, to, "hidden") || mentions(text, from, to, "удал")) {
            return MASK_HIDDEN;
        }
        return MASK_OTHER;
    }

    /** Whether {@code text[from..to)} contains {@code word}, ignoring case. */
    private static boolean mentions(String text, int from, int to, String word) {
        for (int i = from; i + word.length() <= to; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    static boolean isEmoji(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF)
                || (cp >= 0x1F900 && cp <= 0x1F9FF);
    }

    private static boolean isJoiner(char c) {
        return c == '\u200D' || c == '\uFE0F' || c == '\uFE0E';
    }
}
