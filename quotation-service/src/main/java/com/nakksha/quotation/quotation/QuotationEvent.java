package com.nakksha.quotation.quotation;

import java.time.Instant;
import java.util.UUID;

/**
 * What a quotation's own methods report having happened: the history the dashboard shows, and for
 * Sent, Viewed, Accepted, Rejected, Expired and Withdrawn the event published on {@code quotation.quotation}.
 */
public sealed interface QuotationEvent {

    UUID quotationId();

    Instant occurredAt();

    /** @param duplicatedFrom the quotation this draft copies; null for a new one */
    record Drafted(UUID quotationId, UUID duplicatedFrom, Instant occurredAt) implements QuotationEvent {
    }

    record Edited(UUID quotationId, Instant occurredAt) implements QuotationEvent {
    }

    /** @param shareUrl the public link the client is mailed; carries the share token, so it is never stored */
    record Sent(UUID quotationId, String shareUrl, Instant expiresAt, Instant occurredAt) implements QuotationEvent {
    }

    /** @param viewCount views so far, this one included */
    record Viewed(UUID quotationId, int viewCount, Instant occurredAt) implements QuotationEvent {
    }

    /** @param paymentCapabilityHash lowercase hex SHA-256 of the capability the accept answer hands the client */
    record Accepted(UUID quotationId, String paymentCapabilityHash, Instant occurredAt) implements QuotationEvent {
    }

    /** @param reason as the client gave it; null when not given */
    record Rejected(UUID quotationId, String reason, Instant occurredAt) implements QuotationEvent {
    }

    record Expired(UUID quotationId, Instant occurredAt) implements QuotationEvent {
    }

    record Withdrawn(UUID quotationId, Instant occurredAt) implements QuotationEvent {
    }

    record Paid(UUID quotationId, Instant occurredAt) implements QuotationEvent {
    }
}
