package com.nakksha.quotation.quotation;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Which of a consultant's quotations a list or its totals cover; null or empty means any.
 *
 * @param createdFrom UTC instant, inclusive
 * @param createdBefore UTC instant, exclusive
 * @param minAmountMinor smallest final amount in paise, inclusive
 * @param maxAmountMinor largest final amount in paise, inclusive
 * @param search text matched literally, case-insensitively, in the name, client name and client email
 */
public record QuotationFilter(Set<QuotationStatus> statuses, UUID clientId, Instant createdFrom, Instant createdBefore,
                              Long minAmountMinor, Long maxAmountMinor, String search) {
}
