package com.nakksha.notification.quotation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param expiringNotice how long before an unanswered quotation's validity ends the consultant is told it is expiring
 */
@ConfigurationProperties("nakksha.notification.quotation")
public record QuotationMailProperties(@DefaultValue("24h") Duration expiringNotice) {
}
