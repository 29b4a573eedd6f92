package com.nakksha.notification.booking;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Booking and payment mails.
 *
 * @param paymentPath path on the app where a client pays a held booking; {@code {sessionId}} and
 *                    {@code {capability}} are filled in
 * @param managePath path on the app where a client views, cancels or reschedules their booking without an
 *                   account (booking's manage link); {@code {token}} is filled in
 * @param emailConfirmationPath path on the app where the booker of a free booking confirms their email, which
 *                              posts the token to booking's {@code POST /api/v1/public/bookings/confirm-email};
 *                              {@code {token}} is filled in, URL-encoded
 * @param paymentMailDelay how long after a public booking the "complete your payment" mail waits: most
 *                         clients pay at once, and then the mail is skipped instead of crossing the receipt
 * @param refundExpectation how long the bank usually takes to show a refund, as the mail says it
 * @param reminders how long before the start a reminder goes out (default 24 h and 1 h); a reminder
 *                  found due late (the service was down) is still sent while the session has not
 *                  started, and recorded as SKIPPED with the reason after that
 */
@ConfigurationProperties("nakksha.notification.booking")
public record BookingMailProperties(
        @DefaultValue("/pay/{sessionId}?capability={capability}") String paymentPath,
        @DefaultValue("/api/v1/public/bookings/{token}") String managePath,
        @DefaultValue("/confirm-booking?token={token}") String emailConfirmationPath,
        @DefaultValue("1m") Duration paymentMailDelay,
        @DefaultValue("5-7 business days") String refundExpectation,
        @DefaultValue({"24h", "1h"}) List<Duration> reminders) {
}
