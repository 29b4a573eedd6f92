package com.nakksha.identity.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.nakksha.identity.consultant.InvalidProfileValue;
import com.nakksha.identity.consultant.PhoneNumber;
import com.nakksha.identity.consultant.PriceInr;
import com.nakksha.identity.consultant.TimeZoneId;
import com.nakksha.identity.consultant.WebUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileValuesTest {

    @Test
    void ifscIsNormalisedToUpperCase() {
        assertThat(Ifsc.parse(" hdfc0001234 ").value()).isEqualTo("HDFC0001234");
        assertThat(Ifsc.parse("SBIN0ABC123").value()).isEqualTo("SBIN0ABC123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "HDFC1001234", "HDF00001234", "HDFC000123", "HDFC00012345", "1234O001234", "HDFC-001234"})
    void malformedIfscIsRefused(String raw) {
        assertThatThrownBy(() -> Ifsc.parse(raw)).isInstanceOf(InvalidProfileValue.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.linkedin.com/in/priya", "http://example.in/a?b=c", "https://x.com/priya_s"})
    void webUrlsWithHostAreAccepted(String raw) {
        assertThat(WebUrl.parse(raw).value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linkedin.com/in/priya", "javascript:alert(1)", "ftp://example.com/x", "https://",
            "https://user:secret@example.com/", "http://exa mple.com", "data:text/html,hi"})
    void unsafeOrMalformedUrlsAreRefused(String raw) {
        assertThatThrownBy(() -> WebUrl.parse(raw)).isInstanceOf(InvalidProfileValue.class);
    }

    @Test
    void overlongUrlsAreRefused() {
        assertThatThrownBy(() -> WebUrl.parse("https://example.com/" + "a".repeat(500))).isInstanceOf(InvalidProfileValue.class);
    }

    @Test
    void ianaZonesAreAccepted() {
        assertThat(TimeZoneId.parse("Asia/Kolkata").zone().getId()).isEqualTo("Asia/Kolkata");
        assertThat(TimeZoneId.parse("America/New_York").value()).isEqualTo("America/New_York");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "IST", "+05:30", "GMT+5:30", "Asia/Bangalore", "asia/kolkata", "Mars/Olympus"})
    void nonIanaZonesAreRefused(String raw) {
        assertThatThrownBy(() -> TimeZoneId.parse(raw)).isInstanceOf(InvalidProfileValue.class);
    }

    @Test
    void pricesAreKeptInPaise() {
        assertThat(PriceInr.ofRupees(new BigDecimal("1499.50")).amountMinor()).isEqualTo(149950);
        assertThat(PriceInr.ofRupees(new BigDecimal("0")).amountMinor()).isZero();
        assertThat(PriceInr.ofRupees(new BigDecimal("1.00")).amountMinor()).isEqualTo(100);
        assertThat(PriceInr.ofRupees(new BigDecimal("159.20")).amountMinor()).isEqualTo(15920);
        assertThat(new PriceInr(149950).rupees()).isEqualByComparingTo("1499.50");
        assertThat(new PriceInr(149950).rupees().toPlainString()).isEqualTo("1499.50");
    }

    @Test
    void badPricesAreRefused() {
        assertThatThrownBy(() -> PriceInr.ofRupees(new BigDecimal("-1"))).isInstanceOf(InvalidProfileValue.class);
        assertThatThrownBy(() -> PriceInr.ofRupees(new BigDecimal("10.005"))).isInstanceOf(InvalidProfileValue.class);
        assertThatThrownBy(() -> PriceInr.ofRupees(new BigDecimal("10000000.01"))).isInstanceOf(InvalidProfileValue.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01", "0.5", "0.99"})
    void aPaidPriceBelowRazorpaysMinimumIsRefusedWhenSet(String rupees) {
        assertThatThrownBy(() -> PriceInr.ofRupees(new BigDecimal(rupees))).isInstanceOf(InvalidProfileValue.class)
                .hasMessageContaining("at least 1.00 INR");
    }

    @Test
    void phoneNumbersDefaultToIndiaAndDropFormatting() {
        assertThat(PhoneNumber.parseCountryCode(null)).isEqualTo("+91");
        assertThat(PhoneNumber.parseNumber("98765 43210")).isEqualTo("9876543210");
        assertThatThrownBy(() -> PhoneNumber.parseCountryCode("91")).isInstanceOf(InvalidProfileValue.class);
        assertThatThrownBy(() -> PhoneNumber.parseNumber("call me")).isInstanceOf(InvalidProfileValue.class);
    }
}
