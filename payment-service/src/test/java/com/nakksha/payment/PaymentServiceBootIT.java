package com.nakksha.payment;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.ServiceBootContract;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@NakkshaServiceTest(schema = "payment")
class PaymentServiceBootIT extends ServiceBootContract {

    /** Credentials are required in every profile; fresh ones per run, so nothing relies on a known value. */
    @DynamicPropertySource
    static void razorpayCredentials(DynamicPropertyRegistry registry) {
        registry.add("nakksha.payment.razorpay.key-id", () -> "rzp_test_" + UUID.randomUUID().toString().substring(0, 8));
        registry.add("nakksha.payment.razorpay.key-secret", () -> UUID.randomUUID().toString());
        registry.add("nakksha.payment.razorpay.webhook-secret", () -> UUID.randomUUID().toString());
    }
}
