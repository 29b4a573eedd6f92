package com.nakksha.identity.consultant;

import java.time.Instant;

/**
 * Filters for the admins' consultant list; null filters match everything. {@code text} is part of
 * the email or the full name, case-insensitive; {@code signedUpBefore} is exclusive.
 */
public record ConsultantSearch(ConsultantStatus status, String text, Instant signedUpFrom, Instant signedUpBefore, int page, int size) {
}
