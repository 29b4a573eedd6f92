package com.nakksha.payment.razorpay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RazorpayPropertiesTest {

    private static RazorpayProperties properties(String keyId, String keySecret, String webhookSecret, String previous) {
        return new RazorpayProperties(keyId, keySecret, webhookSecret, previous, Instant.parse("2999-01-01T00:00:00Z"),
                "https://api.razorpay.com", Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void refusesMissingOrBlankCredentialsNamingEachPropertyAndNoValue() {
        String keySecret = "ks_" + UUID.randomUUID();
        assertThatThrownBy(() -> properties("rzp_test_x", keySecret, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nakksha.payment.razorpay.webhook-secret")
                .hasMessageContaining("NAKKSHA_PAYMENT_RAZORPAY_WEBHOOK_SECRET")
                .hasMessageNotContaining("key-secret")
                .hasMessageNotContaining(keySecret);
        assertThatThrownBy(() -> properties(" ", " ", "", null))
                .hasMessageContaining("nakksha.payment.razorpay.key-id")
                .hasMessageContaining("nakksha.payment.razorpay.key-secret")
                .hasMessageContaining("nakksha.payment.razorpay.webhook-secret");
        assertThatCode(() -> properties("rzp_test_x", keySecret, "whsec_" + UUID.randomUUID(), null)).doesNotThrowAnyException();
    }

    @Test
    void toStringNamesTheKeyIdButNoSecret() {
        String keySecret = "ks_" + UUID.randomUUID();
        String webhookSecret = "whsec_" + UUID.randomUUID();
        String previous = "whsec_old_" + UUID.randomUUID();
        String shown = properties("rzp_test_visible", keySecret, webhookSecret, previous).toString();
        assertThat(shown).contains("rzp_test_visible").contains("<hidden>")
                .doesNotContain(keySecret).doesNotContain(webhookSecret).doesNotContain(previous);
    }
}
