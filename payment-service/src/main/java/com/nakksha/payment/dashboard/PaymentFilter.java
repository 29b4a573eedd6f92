package com.nakksha.payment.dashboard;

import com.nakksha.payment.payable.PayableType;
import com.nakksha.payment.razorpay.AttemptStatus;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Which payments a list or its totals cover; null or empty means any.
 *
 * @param consultantId the tenant; null only for an admin listing across consultants
 * @param from created at or after (UTC), inclusive
 * @param to created before (UTC), exclusive
 * @param payableId the session or quotation paid for, with {@code payableType} saying which
 */
public record PaymentFilter(UUID consultantId, Set<AttemptStatus> statuses, String method, Instant from, Instant to,
                            UUID payableId, PayableType payableType) {
}
