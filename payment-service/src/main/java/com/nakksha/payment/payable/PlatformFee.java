package com.nakksha.payment.payable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The platform's share of a captured payment: a configured percentage (default 0), rounded half up
 * to whole paise, never more than the payment.
 *
 * @param percent a percentage between 0 and 100, e.g. {@code 2.5}
 */
public record PlatformFee(BigDecimal percent) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public PlatformFee {
        Objects.requireNonNull(percent, "percent");
        if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("platform fee must be between 0 and 100 percent, was " + percent);
        }
    }

    public static PlatformFee none() {
        return new PlatformFee(BigDecimal.ZERO);
    }

    /** The fee on {@code amountMinor} paise, in paise. */
    public long of(long amountMinor) {
        return BigDecimal.valueOf(amountMinor).multiply(percent)
                .divide(HUNDRED, 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
