package com.nakksha.payment.dashboard;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Amounts as the API shows them: decimal major units of the currency ({@code "1500.00"} rupees for
 * 150000 paise). Storage and events keep minor units (paise, {@code long}); conversion is exact, never
 * through floating point, so ₹159.20 is 15920 paise.
 */
public final class MajorUnits {

    /** Longest integer part accepted in a request: ₹99,99,99,999, far above any payment. */
    private static final int MAX_INTEGER_DIGITS = 9;

    private MajorUnits() {
    }

    /** {@code minor} paise (or the currency's minor unit) as a major-unit decimal string, e.g. {@code "159.20"}. */
    public static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency)).toPlainString();
    }

    /**
     * A major-unit amount from a request, in minor units.
     *
     * @throws IllegalArgumentException with a message for the client when the text is not a positive
     *                                  decimal with at most the currency's decimal places (2 for INR)
     */
    public static long parsePositive(String text, String currency) {
        int digits = digits(currency);
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("must be positive");
        }
        if (!trimmed.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("must be a decimal amount in major units, e.g. 150.00");
        }
        BigDecimal amount = new BigDecimal(trimmed);
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException("must have at most " + digits + " decimal places");
        }
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("is too large");
        }
        if (amount.signum() == 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return amount.movePointRight(digits).longValueExact();
    }

    private static int digits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }
}
