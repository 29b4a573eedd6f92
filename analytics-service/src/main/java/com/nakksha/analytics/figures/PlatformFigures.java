package com.nakksha.analytics.figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's figures for one period in the admin's zone; money in rupees (two decimals) of
 * {@code currency}, rates in percent. Definitions: the service README.
 */
public record PlatformFigures(LocalDate from, LocalDate to, String zone, String currency,
                              Map<String, Long> consultantsByStatus, List<ConsultantDay> consultantsOverTime,
                              Map<String, Map<String, Long>> sessionsBySource, Map<String, Long> sessionsByStatus,
                              BigDecimal grossVolume, BigDecimal manualPayments, BigDecimal refunds, BigDecimal returned,
                              BigDecimal platformFees, BigDecimal providerFees, BigDecimal paymentFailureRate,
                              BigDecimal abandonRate, List<TopConsultant> topConsultants, List<PlatformDay> daily,
                              Instant dataAsOf, Instant newestEventAt) {

    public record ConsultantDay(LocalDate date, long signups, long approvals) {
    }

    public record TopConsultant(UUID consultantId, BigDecimal revenue) {
    }

    /** One day: sessions scheduled (abandoned excluded), captures, refunds. */
    public record PlatformDay(LocalDate date, long sessions, BigDecimal grossVolume, BigDecimal refunds) {
    }
}
