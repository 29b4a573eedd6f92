package com.nakksha.booking.client;

import com.nakksha.booking.money.Money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;

/** A client as the dashboard shows it, total paid in major units. */
public record ClientView(
        UUID id,
        String name,
        String email,
        String phoneCountryCode,
        String phoneNumber,
        String address,
        String city,
        String state,
        String country,
        boolean active,
        int totalSessions,
        BigDecimal totalPaid,
        String currency,
        Instant createdAt,
        Instant updatedAt) {

    static ClientView of(Client client) {
        return new ClientView(client.id(), client.name(), client.email(), client.phoneCountryCode(), client.phoneNumber(),
                client.address(), client.city(), client.state(), client.country(), client.active(), client.totalSessions(),
                new Money(client.totalPaidMinor(), Currency.getInstance(client.currency())).toMajor(), client.currency(),
                client.createdAt(), client.updatedAt());
    }
}
