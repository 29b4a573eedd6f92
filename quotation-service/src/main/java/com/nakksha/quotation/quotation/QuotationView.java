package com.nakksha.quotation.quotation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A quotation on the consultant's dashboard. Amounts in major units of {@code currency}; instants UTC.
 * {@code history} is given for one quotation, null in lists.
 */
public record QuotationView(
        UUID id,
        QuotationStatus status,
        Client client,
        String name,
        String description,
        BigDecimal baseAmount,
        BigDecimal discountPercentage,
        BigDecimal finalAmount,
        String currency,
        String validityText,
        Instant expiresAt,
        String imageUrl,
        String notes,
        int viewCount,
        Instant lastViewedAt,
        Instant sentAt,
        Instant viewedAt,
        Instant respondedAt,
        String rejectionReason,
        Instant withdrawnAt,
        boolean paid,
        Instant paidAt,
        Instant createdAt,
        Instant updatedAt,
        List<HistoryEntry> history) {

    /** @param id the client's id in booking; null for a quotation addressed by name and email only */
    public record Client(UUID id, String name, String email) {
    }

    public record HistoryEntry(String action, String detail, Instant at) {
    }

    static QuotationView of(Quotation quotation, List<HistoryEntry> history) {
        QuotationDetails details = quotation.details();
        Pricing pricing = details.pricing();
        return new QuotationView(quotation.id(), quotation.status(),
                new Client(details.clientId(), details.clientName(), details.clientEmail()),
                details.name(), details.description(), major(pricing.baseAmountMinor()), pricing.discountPercentage(),
                major(pricing.finalAmountMinor()), details.currency(), details.validityText(), details.expiresAt(),
                details.imageUrl(), details.notes(), quotation.viewCount(), quotation.lastViewedAt(), quotation.sentAt(),
                quotation.viewedAt(), quotation.respondedAt(), quotation.rejectionReason(), quotation.withdrawnAt(),
                quotation.paidAt() != null, quotation.paidAt(), quotation.createdAt(), quotation.updatedAt(), history);
    }

    /** Paise as rupees with two decimals. */
    static BigDecimal major(long minor) {
        return BigDecimal.valueOf(minor, 2);
    }
}
