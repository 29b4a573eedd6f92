package com.nakksha.payment.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the consultant and admin payment endpoints.
 *
 * @param maxPageSize the largest page a list endpoint returns
 */
@ConfigurationProperties("nakksha.payment.dashboard")
public record DashboardProperties(@DefaultValue("100") int maxPageSize) {
}
