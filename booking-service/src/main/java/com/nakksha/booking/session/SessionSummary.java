package com.nakksha.booking.session;

import com.nakksha.booking.money.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and money for the sessions a filter selects. Pending revenue is what live sessions still
 * await (payment pending or failed); cancelled and abandoned sessions await nothing.
 */
public record SessionSummary(
        long total,
        Map<SessionStatus, Long> byStatus,
        Map<PaymentStatus, Long> byPaymentStatus,
        List<Revenue> revenue) {

    public record Revenue(String currency, BigDecimal paid, BigDecimal pending, BigDecimal refunded) {
    }

    static SessionSummary of(List<SessionRepository.SummaryLine> lines) {
        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        Map<PaymentStatus, Long> byPayment = new EnumMap<>(PaymentStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            byStatus.put(status, 0L);
        }
        for (PaymentStatus status : PaymentStatus.values()) {
            byPayment.put(status, 0L);
        }
        Map<String, long[]> amounts = new TreeMap<>();
        long total = 0;
        for (SessionRepository.SummaryLine line : lines) {
            total += line.sessions();
            byStatus.merge(line.status(), line.sessions(), Long::sum);
            byPayment.merge(line.paymentStatus(), line.sessions(), Long::sum);
            long[] money = amounts.computeIfAbsent(line.currency(), currency -> new long[3]);
            switch (line.paymentStatus()) {
                case PAID -> money[0] += line.amountMinor();
                case PENDING, FAILED -> {
                    if (line.status().occupiesTime()) {
                        money[1] += line.amountMinor();
                    }
                }
                case REFUNDED -> money[2] += line.amountMinor();
            }
        }
        List<Revenue> revenue = new ArrayList<>();
        amounts.forEach((code, money) -> {
            Currency currency = Currency.getInstance(code);
            revenue.add(new Revenue(code, new Money(money[0], currency).toMajor(), new Money(money[1], currency).toMajor(),
                    new Money(money[2], currency).toMajor()));
        });
        return new SessionSummary(total, byStatus, byPayment, revenue);
    }
}
