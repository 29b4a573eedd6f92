package com.nakksha.analytics.figures;

import java.time.LocalDate;
import java.util.Map;

/**
 * The facts of one calendar day (in the consultant's or the admin's zone), as the service README
 * defines them. Money in paise.
 *
 * @param sessionsByStatus sessions scheduled that day by current status
 * @param capturedMinor    Razorpay captures that day (returned captures excluded)
 * @param manualMinor      manual sessions marked paid (cash, UPI, bank transfer) that day
 * @param refundedMinor    refunds that day
 * @param capturedSessionMinor captures of session payables that day (with {@code manualMinor}: the
 *                         session money of the average session value)
 * @param quotationsSentAccepted quotations sent that day that are accepted by now
 * @param quotationsWithdrawn quotations the consultant withdrew that day
 * @param revenueByKind    gross of the day by what was paid: PERSONAL, WEBINAR, UNKNOWN (session not
 *                         known yet), QUOTATION; refunds subtract from the kind they refund
 */
public record DailyFigures(LocalDate day, Map<String, Long> sessionsByStatus, long capturedMinor, long manualMinor,
                           long refundedMinor, long providerFeeMinor, long platformFeeMinor, long returnedMinor,
                           long newClients, long quotationsSent, long quotationsAccepted, long capturedSessionMinor,
                           long quotationsSentAccepted, long quotationsWithdrawn, Map<String, Long> revenueByKind) {

    public DailyFigures {
        sessionsByStatus = Map.copyOf(sessionsByStatus);
        revenueByKind = Map.copyOf(revenueByKind);
    }

    public static DailyFigures empty(LocalDate day) {
        return new DailyFigures(day, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }

    public long sessions(String status) {
        return sessionsByStatus.getOrDefault(status, 0L);
    }

    /** Sessions scheduled that day in any status but ABANDONED. */
    public long totalSessions() {
        return sessionsByStatus.entrySet().stream()
                .filter(entry -> !entry.getKey().equals("ABANDONED"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Captures plus manual payments minus refunds. */
    public long grossMinor() {
        return capturedMinor + manualMinor - refundedMinor;
    }

    /** Gross minus the provider's and the platform's fees of that day's captures. */
    public long netMinor() {
        return grossMinor() - providerFeeMinor - platformFeeMinor;
    }
}
