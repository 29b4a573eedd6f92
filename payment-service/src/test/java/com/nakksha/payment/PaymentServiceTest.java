package com.nakksha.payment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.nakksha.testsupport.NakkshaServiceTest;

import org.springframework.context.annotation.Import;

/**
 * The payment service as every integration test runs it: real Postgres, real Kafka, Razorpay simulated
 * by WireMock ({@link RazorpaySimulatorForTests}) behind the production SDK adapter. Every test class that
 * boots the service carries exactly this configuration, so they all share one application context (a
 * class that adds any other configuration starts one of its own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "payment")
@Import(RazorpaySimulatorForTests.class)
public @interface PaymentServiceTest {
}
