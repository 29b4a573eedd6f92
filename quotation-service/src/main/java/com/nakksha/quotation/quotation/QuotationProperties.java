package com.nakksha.quotation.quotation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param shareUrlBase what the share token is appended to for the client's link; locally the gateway's public API
 * @param defaultValidity how long a quotation sent without an expiry stays open
 * @param viewThrottle QuotationViewed (and the consultant's "viewed" mail) at most once per viewer in this time
 * @param maxPageSize largest page a list answers
 * @param expiryBatch quotations the expiry job expires per transaction
 */
@ConfigurationProperties("nakksha.quotation")
public record QuotationProperties(
        @DefaultValue("http://localhost:8080/api/v1/public/quotations/") String shareUrlBase,
        @DefaultValue("30d") Duration defaultValidity,
        @DefaultValue("1h") Duration viewThrottle,
        @DefaultValue("100") int maxPageSize,
        @DefaultValue("100") int expiryBatch) {
}
