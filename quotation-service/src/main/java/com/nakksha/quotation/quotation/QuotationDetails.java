package com.nakksha.quotation.quotation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the consultant writes in a draft. Nullable: clientId (a quotation for a name and email that is
 * not a client yet), description, validityText, expiresAt (set at the latest when sent), imageUrl, notes.
 *
 * @param currency ISO 4217 code
 * @param expiresAt UTC instant after which the client can no longer answer
 * @param validityText how the validity reads to the client, e.g. "Valid for 30 days"
 */
public record QuotationDetails(UUID clientId, String clientName, String clientEmail, String name, String description,
                               Pricing pricing, String currency, String validityText, Instant expiresAt, String imageUrl,
                               String notes) {

    public QuotationDetails {
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientEmail, "clientEmail");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(currency, "currency");
    }
}
