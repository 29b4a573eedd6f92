package com.nakksha.identity.consultant;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A session price in Indian rupees, kept in paise; APIs show it as a decimal amount of rupees. A price is 0 (a
 * free session, confirmed by the booker's email instead of a payment) or at least {@link #MINIMUM_PAID_MINOR}.
 */
public record PriceInr(long amountMinor) {

    public static final String CURRENCY = "INR";
    /**
     * Razorpay's smallest order is ₹1 (100 paise; shared/razorpay/FACTS.md, Orders API). A paid session is paid through a
     * Razorpay order, so a smaller price is refused when it is set (issue 17), not when a client tries to pay it.
     */
    public static final long MINIMUM_PAID_MINOR = 100;
    private static final BigDecimal MAX_RUPEES = new BigDecimal("10000000");

    public PriceInr {
        if (amountMinor < 0) {
            throw new InvalidProfileValue("must not be negative");
        }
    }

    public static PriceInr ofRupees(BigDecimal rupees) {
        if (rupees == null) {
            throw new InvalidProfileValue("must not be empty");
        }
        if (rupees.signum() < 0) {
            throw new InvalidProfileValue("must not be negative");
        }
        if (rupees.stripTrailingZeros().scale() > 2) {
            throw new InvalidProfileValue("must have at most 2 decimal places");
        }
        if (rupees.compareTo(MAX_RUPEES) > 0) {
            throw new InvalidProfileValue("must be at most " + MAX_RUPEES.toPlainString() + " INR");
        }
        long paise = rupees.movePointRight(2).longValueExact();
        if (paise > 0 && paise < MINIMUM_PAID_MINOR) {
            throw new InvalidProfileValue("must be 0 (free) or at least 1.00 INR, the smallest amount Razorpay takes");
        }
        return new PriceInr(paise);
    }

    public BigDecimal rupees() {
        return BigDecimal.valueOf(amountMinor, 2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
