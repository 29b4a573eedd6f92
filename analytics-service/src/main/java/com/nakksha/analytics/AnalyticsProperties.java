package com.nakksha.analytics;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics projection and its APIs.
 *
 * @param defaultZone zone of a consultant no profile event has named yet (IANA id)
 * @param platformZone zone of the admin's platform days when the request names none (IANA id)
 * @param maxRangeDays longest period, in days, a dashboard or admin request may ask for
 * @param rebuildPollTimeout how long one poll of the rebuild's consumer waits for records
 * @param rebuildTransactions transactions a rebuild applies one poll's events in, side by side; each
 *                            takes the events of its share of the consultants (1: one transaction per
 *                            poll; 0: one transaction per event, the way before batching, kept to
 *                            measure against)
 */
@ConfigurationProperties("nakksha.analytics")
public record AnalyticsProperties(
        @DefaultValue("Asia/Kolkata") ZoneId defaultZone,
        @DefaultValue("Asia/Kolkata") ZoneId platformZone,
        @DefaultValue("1096") int maxRangeDays,
        @DefaultValue("1s") Duration rebuildPollTimeout,
        @DefaultValue("4") int rebuildTransactions) {
}
