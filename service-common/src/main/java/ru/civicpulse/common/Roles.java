package ru.civicpulse.common;

/** Realm roles of both organisations' identity providers. */
public final class Roles {
    /** Everything, every municipality, corrections. */
    public static final String REGION_ANALYST = "region-analyst";
    /** Models, sources, imports. */
    public static final String REGION_ADMIN = "region-admin";
    /** Analytics, incidents, reports and messages of the municipalities in the token's claim only. */
    public static final String CITY_OFFICIAL = "city-official";
    /** Machine clients: may only submit messages. */
    public static final String INGEST_CLIENT = "ingest-client";

    private Roles() {
    }
}
