package com.nakksha.quotation.quotation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingPropertiesTest {

    @Provide
    Arbitrary<BigDecimal> discounts() {
        return Arbitraries.integers().between(0, 10_000).map(hundredths -> BigDecimal.valueOf(hundredths, 2));
    }

    @Property
    void finalAmountIsNeverNegativeNorMoreThanTheBase(@ForAll @LongRange(min = 100, max = Pricing.MAXIMUM_MINOR) long base,
                                                      @ForAll("discounts") BigDecimal discount) {
        long finalAmount = Pricing.finalAmountOf(base, discount);
        assertThat(finalAmount).isBetween(0L, base);
    }

    @Property
    void finalAmountIsTheExactPriceRoundedHalfUpToThePaisa(@ForAll @LongRange(min = 100, max = Pricing.MAXIMUM_MINOR) long base,
                                                           @ForAll("discounts") BigDecimal discount) {
        BigDecimal exact = BigDecimal.valueOf(base).multiply(BigDecimal.valueOf(100).subtract(discount))
                .divide(BigDecimal.valueOf(100));
        long finalAmount = Pricing.finalAmountOf(base, discount);
        // Within half a paisa of the exact amount, and exactly half a paisa only when rounding up.
        BigDecimal error = BigDecimal.valueOf(finalAmount).subtract(exact);
        assertThat(error.abs()).isLessThanOrEqualTo(new BigDecimal("0.5"));
        if (error.abs().compareTo(new BigDecimal("0.5")) == 0) {
            assertThat(error.signum()).isPositive();
        }
        assertThat(finalAmount).isEqualTo(exact.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    @Property
    void moreDiscountNeverCostsMore(@ForAll @LongRange(min = 100, max = Pricing.MAXIMUM_MINOR) long base,
                                    @ForAll("discounts") BigDecimal some, @ForAll("discounts") BigDecimal other) {
        BigDecimal smaller = some.min(other);
        BigDecimal larger = some.max(other);
        assertThat(Pricing.finalAmountOf(base, larger)).isLessThanOrEqualTo(Pricing.finalAmountOf(base, smaller));
    }

    @Property
    void anAcceptedPriceIsAtLeastTheMinimumPayable(@ForAll @LongRange(min = 100, max = Pricing.MAXIMUM_MINOR) long base,
                                                   @ForAll("discounts") BigDecimal discount) {
        long finalAmount = Pricing.finalAmountOf(base, discount);
        if (finalAmount < Pricing.MINIMUM_MINOR) {
            assertThatThrownBy(() -> Pricing.of(base, discount)).isInstanceOf(PricingException.class);
        } else {
            Pricing pricing = Pricing.of(base, discount);
            assertThat(pricing.finalAmountMinor()).isEqualTo(finalAmount).isGreaterThanOrEqualTo(Pricing.MINIMUM_MINOR);
            assertThat(pricing.discountPercentage().scale()).isEqualTo(2);
        }
    }
}
