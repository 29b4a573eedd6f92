package com.nakksha.identity.consultant;

import java.time.Instant;
import java.util.Set;

/**
 * Filters for the admins' consultant list; null filters match everything. {@code text} is part of
 * the email or the full name, case-insensitive; {@code signedUpBefore} is exclusive.
 */
public record ConsultantSearch(ConsultantStatus status, String text, Instant signedUpFrom, Instant signedUpBefore) {

    /** The API fields a consultant list sorts by. */
    public static final Set<String> SORTABLE = Set.of("createdAt");

    /** The order of a consultant list: newest signups first. */
    public static final String NEWEST_FIRST = "createdAt,desc";
}
