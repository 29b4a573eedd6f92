package com.nakksha.quotation.quotation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingTest {

    @ParameterizedTest
    @CsvSource({
            "150000, 0, 150000",
            "150000, 10, 135000",
            "999, 12.5, 874",        // 874.125 → 874
            "1001, 50, 501",         // 500.5 → 501 (half-up)
            "333, 33.33, 222",       // 222.0111 → 222
            "100000, 99.9, 100",
            "12345, 0.01, 12344"})   // 12343.7655 → 12344
    void finalAmountIsHalfUpInPaise(long base, String discount, long expected) {
        assertThat(Pricing.of(base, new BigDecimal(discount)).finalAmountMinor()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "99, 0, baseAmount",
            "0, 0, baseAmount",
            "-100, 0, baseAmount",
            "1000000001, 0, baseAmount",
            "10000, -0.01, discountPercentage",
            "10000, 100.01, discountPercentage",
            "10000, 12.345, discountPercentage",
            "10000, 100, discountPercentage",
            "10000, 99.5, discountPercentage"})
    void refusesWhatCannotBeQuoted(long base, String discount, String field) {
        assertThatThrownBy(() -> Pricing.of(base, new BigDecimal(discount)))
                .isInstanceOfSatisfying(PricingException.class, refused -> assertThat(refused.field()).isEqualTo(field));
    }

    @ParameterizedTest
    @CsvSource({"10, 10.00", "12.50, 12.50", "0, 0.00", "1E+1, 10.00"})
    void discountIsKeptWithTwoDecimals(String given, String kept) {
        assertThat(Pricing.of(10000, new BigDecimal(given)).discountPercentage()).isEqualTo(new BigDecimal(kept));
    }
}
