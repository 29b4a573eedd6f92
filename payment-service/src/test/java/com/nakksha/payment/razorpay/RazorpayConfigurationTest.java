package com.nakksha.payment.razorpay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RazorpayConfigurationTest {

    private static RazorpayProperties secrets(String keySecret, String webhookSecret) {
        return new RazorpayProperties("rzp_live_x", keySecret, webhookSecret, null, null, "https://api.razorpay.com",
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void theLocalStackAndTestsRunOnTheBuiltInTestSecrets() {
        assertThatCode(() -> RazorpayConfiguration.requireSecrets(secrets("local_only_key_secret", "local_only_webhook_secret"), List.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> RazorpayConfiguration.requireSecrets(secrets("local_only_key_secret", "local_only_webhook_secret"), List.of("local")))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherProfileRefusesToStartWithoutRealSecretsAndNamesTheSettingNotTheValue() {
        assertThatThrownBy(() -> RazorpayConfiguration.requireSecrets(secrets("local_only_key_secret", "whsec_real"), List.of("prod")))
                .hasMessage("nakksha.payment.razorpay.key-secret must be set outside the local stack");
        assertThatThrownBy(() -> RazorpayConfiguration.requireSecrets(secrets("real-key-secret", " "), List.of("prod")))
                .hasMessage("nakksha.payment.razorpay.webhook-secret must be set outside the local stack");
        assertThatCode(() -> RazorpayConfiguration.requireSecrets(secrets("real-key-secret", "whsec_real"), List.of("prod")))
                .doesNotThrowAnyException();
    }
}
