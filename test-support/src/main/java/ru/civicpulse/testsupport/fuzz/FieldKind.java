package ru.civicpulse.testsupport.fuzz;

import java.util.List;

/**
 * What a field of an endpoint holds, so the generator knows its valid value and which hostile
 * values suit it (odd dates for a timestamp, unknown codes for a code, and so on).
 */
public sealed interface FieldKind {

    /** A valid value, as it would be written in a request. */
    String valid();

    /** Free text (a resident's message, a column name). */
    record Text(String example) implements FieldKind {
        @Override
        public String valid() {
            return example;
        }
    }

    /** One of a closed set of codes (an enum, a municipality code). */
    record Code(List<String> codes) implements FieldKind {
        public Code {
            if (codes.isEmpty()) {
                throw new IllegalArgumentException("a code field needs at least one valid code");
            }
            codes = List.copyOf(codes);
        }

        @Override
        public String valid() {
            return codes.get(0);
        }
    }

    /** An ISO-8601 instant such as {@code 2026-11-01T00:00:00Z}. */
    record Timestamp(String example) implements FieldKind {
        @Override
        public String valid() {
            return example;
        }
    }

    /** An ISO-8601 date such as {@code 2026-11-01}. */
    record Date(String example) implements FieldKind {
        @Override
        public String valid() {
            return example;
        }
    }

    /** An integer. */
    record Int(long example) implements FieldKind {
        @Override
        public String valid() {
            return Long.toString(example);
        }
    }

    /** A boolean. */
    record Bool(boolean example) implements FieldKind {
        @Override
        public String valid() {
            return Boolean.toString(example);
        }
    }

    /** A UUID. */
    record Uuid(String example) implements FieldKind {
        @Override
        public String valid() {
            return example;
        }
    }

    static FieldKind text(String example) {
        return new Text(example);
    }

    static FieldKind code(String... codes) {
        return new Code(List.of(codes));
    }

    static FieldKind timestamp() {
        return new Timestamp("2026-11-01T00:00:00Z");
    }

    static FieldKind date() {
        return new Date("2026-11-01");
    }

    static FieldKind integer(long example) {
        return new Int(example);
    }

    static FieldKind bool() {
        return new Bool(true);
    }

    static FieldKind uuid() {
        return new Uuid("0b0f6c1e-8d5a-4e43-9a57-1c2d3e4f5a6b");
    }
}
