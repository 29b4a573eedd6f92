package com.nakksha.payment.webhook;

import com.nakksha.payment.razorpay.RazorpayProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static com.nakksha.payment.webhook.RazorpaySamples.KEY_SECRET;
import static com.nakksha.payment.webhook.RazorpaySamples.PREVIOUS_WEBHOOK_SECRET;
import static com.nakksha.payment.webhook.RazorpaySamples.WEBHOOK_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-30T02:00:00Z");

    private static WebhookSignature verifier(Instant previousValidUntil) {
        RazorpayProperties properties = new RazorpayProperties("rzp_test_key", KEY_SECRET, WEBHOOK_SECRET,
                PREVIOUS_WEBHOOK_SECRET, previousValidUntil, "http://localhost:1", Duration.ofSeconds(1), Duration.ofSeconds(1));
        return new WebhookSignature(properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @CsvSource({
            "01-payment.authorized.json, 4e94dd09d9d0d1b26a4cf4a6f92bbed7a15ecb0d4e4f78d5471b1ebcdc89944b",
            "02-payment.captured.json, 479bc94fa2009cd7cc277de0db743a2adbef9f9914a658c54468ad2c46904885",
            "03-order.paid.json, 101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3",
            "04-payment.failed.json, a9dea0ef940e095f9c5acfb0bcb0a75c808481ec87383cdbef517f83203cf18a",
            "05-refund.processed.json, af8ae1444b7723ed21d5358cd50ddaa3025ece13c711f836dab55775c02fceac"})
    void acceptsEverySampleWithTheSignatureRazorpayWouldSend(String file, String signature) {
        assertThat(verifier(null).verify(RazorpaySamples.bytes(file), signature)).isEqualTo(WebhookSignature.Verification.CURRENT);
    }

    @Test
    void aBodyDecodedAndReEncodedIsNotWhatWasSigned() {
        byte[] raw = RazorpaySamples.bytes("03-order.paid.json");
        byte[] reEncoded = new String(raw, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);

        assertThat(verifier(null).verify(reEncoded, "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3"))
                .isEqualTo(WebhookSignature.Verification.REJECTED);
    }

    @Test
    void oneTamperedByteIsRejected() {
        byte[] tampered = RazorpaySamples.bytes("03-order.paid.json");
        tampered[200] ^= 0x01;

        assertThat(verifier(null).verify(tampered, "101a34fcb9302f4bb3499bc763f1a770d6ea72e7839c2452c6de44ef0f93b9d3"))
                .isEqualTo(WebhookSignature.Verification.REJECTED);
    }

    @Test
    void aSignatureMadeWithTheKeySecretIsRejected() {
        byte[] body = RazorpaySamples.bytes("02-payment.captured.json");

        assertThat(verifier(null).verify(body, RazorpaySamples.sign(KEY_SECRET, body))).isEqualTo(WebhookSignature.Verification.REJECTED);
    }

    @Test
    void thePreviousSecretIsAcceptedOnlyDuringTheRotationWindow() {
        byte[] body = RazorpaySamples.bytes("02-payment.captured.json");
        String oldSignature = RazorpaySamples.sign(PREVIOUS_WEBHOOK_SECRET, body);

        assertThat(verifier(NOW.plusSeconds(60)).verify(body, oldSignature)).isEqualTo(WebhookSignature.Verification.PREVIOUS);
        assertThat(verifier(NOW).verify(body, oldSignature)).isEqualTo(WebhookSignature.Verification.REJECTED);
        assertThat(verifier(null).verify(body, oldSignature)).isEqualTo(WebhookSignature.Verification.REJECTED);
    }

    @Test
    void aMissingTruncatedOrMalformedSignatureIsRejected() {
        byte[] body = RazorpaySamples.bytes("02-payment.captured.json");
        String good = RazorpaySamples.sign(WEBHOOK_SECRET, body);

        assertThat(verifier(null).verify(body, null)).isEqualTo(WebhookSignature.Verification.REJECTED);
        assertThat(verifier(null).verify(body, "")).isEqualTo(WebhookSignature.Verification.REJECTED);
        assertThat(verifier(null).verify(body, good.substring(2))).isEqualTo(WebhookSignature.Verification.REJECTED);
        assertThat(verifier(null).verify(body, "zz" + good.substring(2))).isEqualTo(WebhookSignature.Verification.REJECTED);
    }
}
