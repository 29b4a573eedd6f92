package com.nakksha.notification.booking;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consultant's daily agenda mail.
 *
 * @param enabled whether agendas are planned at all
 * @param localTime from when in the morning, in the consultant's IANA zone, the day's agenda goes out
 * @param pollInterval how often the job looks for consultants whose morning has come
 */
@ConfigurationProperties("nakksha.notification.agenda")
public record AgendaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("07:00") LocalTime localTime,
        @DefaultValue("5m") Duration pollInterval) {
}
