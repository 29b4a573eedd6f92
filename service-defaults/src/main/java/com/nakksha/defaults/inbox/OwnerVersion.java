package com.nakksha.defaults.inbox;

/**
 * SQL conditions for a replica of another service's aggregate that keeps the owner's newest state by the version
 * the owner's events carry (the aggregate's version after the write that raised them: {@code sessionVersion},
 * {@code consultantVersion}; docs/platform-contracts.md). An older event delivered late, such as one re-driven from
 * the dead-letter topic after newer ones, then changes nothing. A version missing on either side (a writer before
 * the field, or a row written before the column) decides nothing, and the event applies in arrival order.
 */
public final class OwnerVersion {

    private OwnerVersion() {
    }

    /**
     * True when {@code incoming} is a later write than {@code stored}, or either is null.
     *
     * @param stored   the replica's column, qualified where the statement needs it
     * @param incoming the event's version: a typed parameter or {@code EXCLUDED.column}
     */
    public static String newer(String stored, String incoming) {
        return "(" + stored + " IS NULL OR " + incoming + " IS NULL OR " + stored + " < " + incoming + ")";
    }

    /** As {@link #newer}, and true for the same write too: the events one write raises share its version. */
    public static String notOlder(String stored, String incoming) {
        return "(" + stored + " IS NULL OR " + incoming + " IS NULL OR " + stored + " <= " + incoming + ")";
    }
}
