package com.nakksha.notification.quotation;

import java.time.Instant;
import java.util.UUID;

/**
 * What quotation mails need about a quotation, kept from quotation-service's events.
 *
 * @param amountMinor quoted amount in paise
 * @param validUntil UTC instant after which it expires
 * @param shareUrl the public link where the client views and answers it
 * @param pdf the quotation's PDF as quotation-service rendered it when sending; null from a QuotationSent before v2
 */
record QuotationReplica(UUID quotationId, UUID consultantId, String clientName, String clientEmail, String title,
                        long amountMinor, String currency, Instant validUntil, String shareUrl, Status status, byte[] pdf) {

    enum Status {
        SENT, ACCEPTED, REJECTED, EXPIRED, WITHDRAWN
    }
}
