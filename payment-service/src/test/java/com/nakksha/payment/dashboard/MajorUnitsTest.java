package com.nakksha.payment.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MajorUnitsTest {

    @Test
    void convertsExactlyBothWays() {
        assertThat(MajorUnits.parsePositive("159.20", "INR")).isEqualTo(15_920);
        assertThat(MajorUnits.parsePositive("159.2", "INR")).isEqualTo(15_920);
        assertThat(MajorUnits.parsePositive("1500", "INR")).isEqualTo(150_000);
        assertThat(MajorUnits.parsePositive("0.01", "INR")).isEqualTo(1);
        assertThat(MajorUnits.parsePositive("1.230", "INR")).isEqualTo(123);
        assertThat(MajorUnits.format(15_920, "INR")).isEqualTo("159.20");
        assertThat(MajorUnits.format(-7_290, "INR")).isEqualTo("-72.90");
        assertThat(MajorUnits.format(0, "INR")).isEqualTo("0.00");
    }

    @Test
    void refusesWhatIsNotAPositiveAmountWithTheCurrencysDecimals() {
        assertThatThrownBy(() -> MajorUnits.parsePositive("-1.00", "INR")).hasMessage("must be positive");
        assertThatThrownBy(() -> MajorUnits.parsePositive("0.00", "INR")).hasMessage("must be positive");
        assertThatThrownBy(() -> MajorUnits.parsePositive("1.234", "INR")).hasMessage("must have at most 2 decimal places");
        assertThatThrownBy(() -> MajorUnits.parsePositive("1e3", "INR")).hasMessageStartingWith("must be a decimal amount");
        assertThatThrownBy(() -> MajorUnits.parsePositive("1,000", "INR")).hasMessageStartingWith("must be a decimal amount");
        assertThatThrownBy(() -> MajorUnits.parsePositive("1234567890", "INR")).hasMessage("is too large");
    }
}
