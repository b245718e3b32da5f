package ru.civicpulse.reporting.web;

import java.util.Arrays;
import java.util.Optional;

/** The two organisations whose staff sign in to the dashboard, each with its own identity realm. */
public enum Organisation {
    /** Regional management centre (ЦУР). */
    REGION("region", "Центр управления регионом"),
    /** City administration. */
    CITY("city", "Администрация города");

    private final String code;
    private final String label;

    Organisation(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The OIDC tenant that verifies this organisation's bearer tokens. */
    public String bearerTenant() {
        return code;
    }

    /** The OIDC web-app tenant (authorization code flow, session cookie) of the dashboard. */
    public String webTenant() {
        return code + "-web";
    }

    static Optional<Organisation> fromPathSegment(String segment) {
        String code = segment.endsWith("/") ? segment.substring(0, segment.length() - 1) : segment;
        return Arrays.stream(values()).filter(o -> o.code.equals(code)).findFirst();
    }

    static Optional<Organisation> fromTenant(String tenantId) {
        return Arrays.stream(values())
                .filter(o -> o.bearerTenant().equals(tenantId) || o.webTenant().equals(tenantId))
                .findFirst();
    }
}
