package com.nakksha.booking.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentCapabilityTest {

    @Test
    void isThirtyTwoRandomBytesInBase64UrlWithoutPaddingAndItsHashIsTheHexSha256OfTheToken() throws Exception {
        PaymentCapability capability = PaymentCapability.generate();

        assertThat(capability.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(capability.token())).hasSize(32);
        assertThat(capability.hash()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(capability.token().getBytes(StandardCharsets.UTF_8))));
        assertThat(capability.hash()).matches("[0-9a-f]{64}");
    }

    @Test
    void twoCapabilitiesDifferAndNeitherShowsInItsText() {
        PaymentCapability first = PaymentCapability.generate();
        PaymentCapability second = PaymentCapability.generate();

        assertThat(first.token()).isNotEqualTo(second.token());
        assertThat(first.toString()).doesNotContain(first.token()).doesNotContain(first.hash());
    }
}
