package com.nakksha.payment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nakksha.payment.webhook.RazorpaySamples;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * One WireMock server in Razorpay's place for the JVM, and the settings that point the service at it
 * with the samples' credentials, as a bean so that {@link PaymentServiceTest} carries them to every
 * test class alike.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RazorpaySimulatorForTests {

    /** Razorpay's API as the tests stub it; reset before each test by {@link AbstractPaymentIT}. */
    public static final WireMockServer SERVER = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    /** The key booking tags payment capabilities with, as the tests' booking does (base64, 32 bytes; tests only). */
    public static final String CAPABILITY_TAG_KEY = "fGsXBDuvzwyESXeqkkspaAAY2HZ9fyVwmWfZtcX33VI=";

    static {
        SERVER.start();
    }

    @Bean
    DynamicPropertyRegistrar razorpaySimulator() {
        return registry -> {
            registry.add("nakksha.payment.razorpay.base-url", SERVER::baseUrl);
            registry.add("nakksha.payment.razorpay.key-id", () -> RazorpaySamples.KEY_ID);
            registry.add("nakksha.payment.razorpay.key-secret", () -> RazorpaySamples.KEY_SECRET);
            registry.add("nakksha.payment.razorpay.webhook-secret", () -> RazorpaySamples.WEBHOOK_SECRET);
            registry.add("nakksha.payment.razorpay.previous-webhook-secret", () -> RazorpaySamples.PREVIOUS_WEBHOOK_SECRET);
            registry.add("nakksha.payment.razorpay.previous-webhook-secret-valid-until", () -> "2999-01-01T00:00:00Z");
            // The first call of a JVM to WireMock (class loading, connection set-up) has outlasted 5 s on a loaded
            // machine; these tests assert what the service does with the answer, RazorpaySdkGatewayIT the timeout.
            registry.add("nakksha.payment.razorpay.timeout", () -> "30s");
            registry.add("nakksha.payment.platform-fee-percent", () -> "2.5");
            registry.add("nakksha.payment.webhook-poll-interval", () -> "1s");
            registry.add("nakksha.payment.refund-retry-interval", () -> "2s");
            registry.add("nakksha.payment.reconciliation-interval", () -> "2s");
            // Orders are first checked when an hour old, so only the orders a test backdates (or whose check a
            // cancellation asks for) reach the simulator from reconciliation, never one another test is stubbing.
            registry.add("nakksha.payment.reconciliation-threshold", () -> "1h");
            registry.add("nakksha.payment.checkout.capability-tag-keys", () -> CAPABILITY_TAG_KEY);
            registry.add("nakksha.payment.checkout.payable-arrival-wait", () -> "2s");
        };
    }
}
