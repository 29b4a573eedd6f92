package com.nakksha.notification.mail;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * How templates show times and money to one recipient: instants in the recipient's IANA zone with
 * the zone named, money in Indian grouping ({@code ₹1,23,456.50}, DESIGN.md "Product decisions").
 * Templates call it as {@code ${fmt.when(startsAt)}}.
 */
public final class Formats {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy, h:mm a zzz", Locale.ENGLISH);

    private final ZoneId zone;

    public Formats(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code Tue, 1 Dec 2026, 3:30 PM IST (Asia/Kolkata)} for an ISO-8601 instant. */
    public String when(String isoInstant) {
        return WHEN.format(Instant.parse(isoInstant).atZone(zone)) + " (" + zone.getId() + ")";
    }

    public String zone() {
        return zone.getId();
    }

    /** {@code ₹1,23,456.50} for 12345650 paise in INR; other currencies as {@code USD 1,234.50}. */
    public String money(String amountMinor, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal amount = BigDecimal.valueOf(Long.parseLong(amountMinor), digits);
        boolean negative = amount.signum() < 0;
        String plain = amount.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot);
        boolean indian = "INR".equals(currency.getCurrencyCode());
        String grouped = indian ? indianGrouping(whole) : westernGrouping(whole);
        String symbol = indian ? "₹" : currency.getCurrencyCode() + " ";
        return (negative ? "-" : "") + symbol + grouped + fraction;
    }

    /** Last three digits, then groups of two: 1,23,45,678. */
    static String indianGrouping(String digits) {
        if (digits.length() <= 3) {
            return digits;
        }
        String last = digits.substring(digits.length() - 3);
        StringBuilder head = new StringBuilder(digits.substring(0, digits.length() - 3));
        for (int i = head.length() - 2; i > 0; i -= 2) {
            head.insert(i, ',');
        }
        return head + "," + last;
    }

    static String westernGrouping(String digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = out.length() - 3; i > 0; i -= 3) {
            out.insert(i, ',');
        }
        return out.toString();
    }
}
