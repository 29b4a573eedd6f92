package com.nakksha.identity.consultant;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A session price in Indian rupees, kept in paise; APIs show it as a decimal amount of rupees. */
public record PriceInr(long amountMinor) {

    public static final String CURRENCY = "INR";
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
        return new PriceInr(rupees.movePointRight(2).longValueExact());
    }

    public BigDecimal rupees() {
        return BigDecimal.valueOf(amountMinor, 2).setScale(2, RoundingMode.UNNECESSARY);
    }
}
