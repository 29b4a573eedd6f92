package com.nakksha.booking.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in the currency's minor unit (paise for INR), as events and storage keep it; APIs show
 * it in major units with the currency's own number of decimals.
 */
public record Money(long amountMinor, Currency currency) {

    public static final Currency INR = Currency.getInstance("INR");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("an amount cannot be negative");
        }
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /**
     * Reads a major-unit amount, refusing fractions finer than the currency allows rather than
     * rounding money away.
     */
    public static Money ofMajor(BigDecimal amount, Currency currency) {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("an amount cannot be negative");
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal minor = amount.movePointRight(digits);
        if (minor.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("has more than " + digits + " decimals for " + currency.getCurrencyCode());
        }
        return new Money(minor.longValueExact(), currency);
    }

    public BigDecimal toMajor() {
        return BigDecimal.valueOf(amountMinor, Math.max(currency.getDefaultFractionDigits(), 0));
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    public boolean isZero() {
        return amountMinor == 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }

    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }
}
