package com.nakksha.quotation.quotation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A quotation's price in paise: the base amount, the discount percentage (0 to 100, at most two
 * decimals) and the final amount the server computes from them, {@code base × (100 − discount) / 100}
 * rounded half-up to the paisa. The final amount is never negative and never more than the base.
 *
 * @param baseAmountMinor base amount in paise
 * @param discountPercentage discount in percent, scale 2
 * @param finalAmountMinor what the client pays, in paise
 */
public record Pricing(long baseAmountMinor, BigDecimal discountPercentage, long finalAmountMinor) {

    /** Razorpay's smallest order is ₹1 (100 paise); a quotation is paid through it, so it costs at least that. */
    public static final long MINIMUM_MINOR = 100;

    /** Largest base amount accepted, in paise (₹1 crore). */
    public static final long MAXIMUM_MINOR = 1_000_000_000L;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * The final amount of {@code baseAmountMinor} paise less {@code discountPercentage} percent.
     *
     * @throws PricingException naming {@code baseAmount} or {@code discountPercentage} when the base is
     *         outside 100 paise to {@link #MAXIMUM_MINOR}, the discount outside 0–100 or with more than two
     *         decimals, or the final amount below 100 paise
     */
    public static Pricing of(long baseAmountMinor, BigDecimal discountPercentage) {
        if (baseAmountMinor < MINIMUM_MINOR || baseAmountMinor > MAXIMUM_MINOR) {
            throw new PricingException("baseAmount", "must be between 1.00 and 10000000.00");
        }
        BigDecimal discount = discountPercentage == null ? BigDecimal.ZERO : discountPercentage.stripTrailingZeros();
        if (discount.signum() < 0 || discount.compareTo(HUNDRED) > 0) {
            throw new PricingException("discountPercentage", "must be between 0 and 100");
        }
        if (discount.scale() > 2) {
            throw new PricingException("discountPercentage", "must have at most 2 decimals");
        }
        long finalAmount = finalAmountOf(baseAmountMinor, discount);
        if (finalAmount < MINIMUM_MINOR) {
            throw new PricingException("discountPercentage", "leaves less than the minimum payable amount of 1.00");
        }
        return new Pricing(baseAmountMinor, discount.setScale(2, RoundingMode.UNNECESSARY), finalAmount);
    }

    /** {@code base × (100 − discount) / 100}, half-up to whole paise; exact for every two-decimal discount. */
    static long finalAmountOf(long baseAmountMinor, BigDecimal discountPercentage) {
        return BigDecimal.valueOf(baseAmountMinor)
                .multiply(HUNDRED.subtract(discountPercentage))
                .divide(HUNDRED, 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
