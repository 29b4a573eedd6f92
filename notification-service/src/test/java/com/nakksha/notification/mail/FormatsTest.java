package com.nakksha.notification.mail;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    @Test
    void rupeesUseIndianGroupingWithPaise() {
        Formats formats = new Formats(ZoneId.of("Asia/Kolkata"));

        assertThat(formats.money("12345650", "INR")).isEqualTo("₹1,23,456.50");
        assertThat(formats.money("1234567890", "INR")).isEqualTo("₹1,23,45,678.90");
        assertThat(formats.money("99900", "INR")).isEqualTo("₹999.00");
        assertThat(formats.money("5", "INR")).isEqualTo("₹0.05");
        assertThat(formats.money("123456789", "USD")).isEqualTo("USD 1,234,567.89");
    }

    @Test
    void instantsAreShownInTheRecipientsZoneWithTheZoneNamed() {
        assertThat(new Formats(ZoneId.of("Asia/Kolkata")).when("2031-01-15T17:30:00Z"))
                .isEqualTo("Wed, 15 Jan 2031, 11:00 PM IST (Asia/Kolkata)");
        assertThat(new Formats(ZoneId.of("America/New_York")).when("2031-07-15T17:30:00Z"))
                .isEqualTo("Tue, 15 Jul 2031, 1:30 PM EDT (America/New_York)");
    }

    @Test
    void headerTextLosesLineBreaksAndControls() {
        assertThat(HeaderText.clean("Asha\r\nBcc: evil@example.test\u0000")).isEqualTo("Asha Bcc: evil@example.test");
        assertThat(HeaderText.clean(null)).isEmpty();
        assertThat(HeaderText.clean("x".repeat(500))).hasSize(HeaderText.MAX_LENGTH);
    }

    @Test
    void backoffDoublesUpToItsCeiling() {
        MailProperties properties = new MailProperties("a@b.test", "N", 8, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(2), 10, "smtp", 1);

        assertThat(properties.backoffAfter(1)).hasSeconds(10);
        assertThat(properties.backoffAfter(2)).hasSeconds(20);
        assertThat(properties.backoffAfter(3)).hasSeconds(40);
        assertThat(properties.backoffAfter(4)).hasSeconds(60);
        assertThat(properties.backoffAfter(7)).hasSeconds(60);
    }
}
