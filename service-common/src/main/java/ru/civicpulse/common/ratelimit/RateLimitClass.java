package ru.civicpulse.common.ratelimit;

/** Endpoint classes with a limit of their own; each client has one budget per class. */
public enum RateLimitClass {
    /** Messages taken in: the REST intake and the VK and Telegram webhooks. */
    INTAKE("intake"),
    /** Report orders (each one renders documents). */
    REPORT_ORDERS("report-orders"),
    /** Ad-hoc classification of a text. */
    CLASSIFY("classify"),
    /** File imports (CSV/XLSX exports). */
    IMPORTS("imports");

    private final String tag;

    RateLimitClass(String tag) {
        this.tag = tag;
    }

    /** The class as it appears in configuration keys and in the metric's {@code class} tag. */
    public String tag() {
        return tag;
    }
}
