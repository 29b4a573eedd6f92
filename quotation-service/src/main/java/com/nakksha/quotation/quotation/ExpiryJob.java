package com.nakksha.quotation.quotation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires SENT and VIEWED quotations whose expiry passed (QuotationExpired). The share link also
 * checks on access, so a quotation is never answerable after its expiry, whenever this runs.
 */
@Component
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final QuotationService quotations;
    private final QuotationProperties properties;

    ExpiryJob(QuotationService quotations, QuotationProperties properties) {
        this.quotations = quotations;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${nakksha.quotation.expiry-interval:30s}")
    void expire() {
        try {
            Long count;
            do {
                count = quotations.expireDue(properties.expiryBatch()).block();
                if (count != null && count > 0) {
                    log.info("expired {} quotations past their validity", count);
                }
            } while (count != null && count == properties.expiryBatch());
        } catch (RuntimeException failure) {
            // The next round retries; a failed transaction changed nothing.
            log.warn("expiring quotations failed", failure);
        }
    }
}
