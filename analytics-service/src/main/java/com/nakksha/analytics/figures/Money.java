package com.nakksha.analytics.figures;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the APIs show paise and shares. */
final class Money {

    private Money() {
    }

    /** Paise as rupees with two decimals. */
    static BigDecimal major(long minor) {
        return BigDecimal.valueOf(minor, 2);
    }

    /** {@code part / whole × 100} with one decimal, 0 when {@code whole} is 0. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /** Growth of {@code current} over {@code previous} in percent with one decimal; null when {@code previous} is 0. */
    static BigDecimal growth(long current, long previous) {
        if (previous == 0) {
            return null;
        }
        return BigDecimal.valueOf((current - previous) * 100).divide(BigDecimal.valueOf(previous), 1, RoundingMode.HALF_UP);
    }
}
