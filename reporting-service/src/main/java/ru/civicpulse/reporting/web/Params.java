package ru.civicpulse.reporting.web;

import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.contracts.Taxonomy;

import java.util.Arrays;
import java.util.List;

/**
 * Checks of request parameters shared by the resources. A rejected value is never echoed: the
 * answer names the parameter and what it accepts (422, or 400 for characters no parameter may hold).
 */
public final class Params {
    /** Longest free-text parameter (search words). */
    public static final int MAX_TEXT = 500;

    private Params() {
    }

    /** Null for blank; 400 for control characters (NUL and the like) or unpaired surrogates; 422 when too long. */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean badSurrogate = Character.isHighSurrogate(ch)
                    ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(++i))
                    : Character.isLowSurrogate(ch);
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f || badSurrogate || ch == '\uFFFE' || ch == '\uFFFF') {
                throw new ProblemException(400, "Bad Request", "Parameter " + field + " contains characters that are not allowed.",
                        List.of(new Problem.FieldError(field, "no control characters")));
            }
        }
        String v = value.trim();
        if (v.length() > maxLength) {
            throw ProblemException.unprocessable("Parameter " + field + " is too long.",
                    List.of(new Problem.FieldError(field, "at most " + maxLength + " characters")));
        }
        return v;
    }

    public static String municipality(String value) {
        String v = text("municipality", value, 64);
        if (v != null && Municipalities.byCode(v).isEmpty()) {
            throw unknown("municipality", "a municipality code: " + Municipalities.all().stream().map(Municipality::code).toList());
        }
        return v;
    }

    public static String district(String value) {
        String v = text("district", value, 64);
        if (v != null && Municipalities.all().stream().flatMap(m -> m.districts().stream()).noneMatch(d -> d.code().equals(v))) {
            throw unknown("district", "a district code of a known municipality");
        }
        return v;
    }

    public static String source(String value) {
        String v = text("source", value, 64);
        if (v != null && Arrays.stream(Source.values()).noneMatch(s -> s.name().equals(v))) {
            throw unknown("source", "one of " + Arrays.toString(Source.values()));
        }
        return v;
    }

    public static String group(String value) {
        String v = text("group", value, 64);
        if (v != null && !Taxonomy.isGroup(v)) {
            throw unknown("group", "a taxonomy group code");
        }
        return v;
    }

    /** An integer within {@code [min, max]}, {@code fallback} when absent; 422 otherwise. */
    public static int integer(String field, String value, int fallback, int min, int max) {
        String v = text(field, value, 12);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.unprocessable("Parameter " + field + " must be an integer " + min + ".." + max + ".",
                List.of(new Problem.FieldError(field, min + ".." + max)));
    }

    private static ProblemException unknown(String field, String accepts) {
        return ProblemException.unprocessable("Unknown " + field + ".", List.of(new Problem.FieldError(field, accepts)));
    }
}
