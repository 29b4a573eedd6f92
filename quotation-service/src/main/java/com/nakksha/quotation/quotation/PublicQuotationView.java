package com.nakksha.quotation.quotation;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A quotation as its share link shows it to the client: no internal ids, no consultant notes.
 * Amounts in major units of {@code currency}; instants UTC.
 *
 * @param consultantName the consultant's public name; null when identity has not announced it yet
 * @param status EXPIRED as soon as the expiry has passed, even before the expiry job ran
 */
public record PublicQuotationView(
        String consultantName,
        String clientName,
        String name,
        String description,
        BigDecimal baseAmount,
        BigDecimal discountPercentage,
        BigDecimal finalAmount,
        String currency,
        String validityText,
        Instant expiresAt,
        String imageUrl,
        QuotationStatus status,
        Instant respondedAt,
        boolean paid) {

    static PublicQuotationView of(Quotation quotation, String consultantName, QuotationStatus shownStatus) {
        QuotationDetails details = quotation.details();
        Pricing pricing = details.pricing();
        return new PublicQuotationView(consultantName, details.clientName(), details.name(), details.description(),
                QuotationView.major(pricing.baseAmountMinor()), pricing.discountPercentage(),
                QuotationView.major(pricing.finalAmountMinor()), details.currency(), details.validityText(),
                details.expiresAt(), details.imageUrl(), shownStatus, quotation.respondedAt(), quotation.paidAt() != null);
    }
}
