package ru.civicpulse.common;

import java.util.Set;

/**
 * Realm roles of both organisations' identity providers, and which organisation may grant each
 * (enforced by {@link IssuerBoundRoles}).
 */
public final class Roles {
    /** Everything, every municipality, corrections. Granted by the regional centre only. */
    public static final String REGION_ANALYST = "region-analyst";
    /** Models, sources, imports. Granted by the regional centre only. */
    public static final String REGION_ADMIN = "region-admin";
    /** Analytics, incidents, reports and messages of the municipalities in the token's claim only. Granted by the city only. */
    public static final String CITY_OFFICIAL = "city-official";
    /**
     * Machine clients: may only submit messages. Granted by either organisation: both run feeders
     * of their own channels, and the role sees nothing, so its origin widens no one's view.
     */
    public static final String INGEST_CLIENT = "ingest-client";

    /** Every CivicPulse role; roles outside this set (the provider's own) are not CivicPulse's concern. */
    public static final Set<String> ALL = Set.of(REGION_ANALYST, REGION_ADMIN, CITY_OFFICIAL, INGEST_CLIENT);

    /** The organisations whose identity providers issue tokens. */
    public enum Organisation {
        REGION("regional centre's"), CITY("city administration's");

        private final String label;

        Organisation(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** The CivicPulse roles a token of {@code organisation}'s identity provider may carry. */
    public static Set<String> grantableBy(Organisation organisation) {
        return switch (organisation) {
            case REGION -> Set.of(REGION_ANALYST, REGION_ADMIN, INGEST_CLIENT);
            case CITY -> Set.of(CITY_OFFICIAL, INGEST_CLIENT);
        };
    }

    private Roles() {
    }
}
