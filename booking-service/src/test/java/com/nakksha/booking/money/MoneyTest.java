package com.nakksha.booking.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void rupeesAreKeptInPaiseAndShownWithTwoDecimals() {
        Money fee = Money.ofMajor(new BigDecimal("1499.5"), Money.INR);

        assertThat(fee.amountMinor()).isEqualTo(149950);
        assertThat(fee.toMajor()).isEqualByComparingTo("1499.50");
        assertThat(fee.toMajor().toPlainString()).isEqualTo("1499.50");
        assertThat(fee.plus(new Money(50, Money.INR)).toString()).isEqualTo("1500.00 INR");
    }

    @Test
    void currenciesWithoutMinorUnitsHaveNoDecimals() {
        Money yen = Money.ofMajor(new BigDecimal("1500"), Currency.getInstance("JPY"));

        assertThat(yen.amountMinor()).isEqualTo(1500);
        assertThat(yen.toMajor().toPlainString()).isEqualTo("1500");
    }

    @Test
    void refusesFractionsOfAPaisaNegativesAndMixedCurrencies() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("10.005"), Money.INR)).hasMessageContaining("more than 2 decimals");
        assertThat(Money.ofMajor(new BigDecimal("10.500"), Money.INR).amountMinor()).isEqualTo(1050);
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("-1"), Money.INR)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Money(100, Money.INR).plus(new Money(100, Currency.getInstance("USD"))))
                .hasMessageContaining("USD");
    }
}
