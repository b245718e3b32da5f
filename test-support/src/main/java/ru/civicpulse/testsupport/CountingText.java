package ru.civicpulse.testsupport;

/**
 * A text that counts every character read through {@link #charAt} and gives up, by throwing
 * {@link OverBudget}, once more than its budget was read. A regex engine or a scanner reads a
 * {@link CharSequence} only through {@code charAt}, so the count measures its work on the text
 * without a clock, and a run gone quadratic stops at once instead of hanging the build.
 * <p>
 * Uses nothing but the JDK: modules outside Quarkus (the classifier) take it without test-support's
 * dependencies.
 */
public final class CountingText implements CharSequence {
    private final String text;
    private final long budget;
    private long reads;

    public CountingText(String text, long budget) {
        this.text = text;
        this.budget = budget;
    }

    /** Characters read so far. */
    public long reads() {
        return reads;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if (++reads > budget) {
            throw new OverBudget(budget, text.length());
        }
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** More characters were read than the budget allowed. */
    public static final class OverBudget extends RuntimeException {
        OverBudget(long budget, int length) {
            super("read more than " + budget + " characters of a " + length + "-character text");
        }
    }
}
