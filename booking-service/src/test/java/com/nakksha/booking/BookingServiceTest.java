package com.nakksha.booking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestClockConfiguration;

import org.springframework.context.annotation.Import;

/**
 * The booking service as every integration test runs it: real Postgres, real Kafka, the real
 * service with a {@link TestClock}. Every test class carries exactly this configuration, so they all
 * share one application context (a class that adds any other configuration starts one of its own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "booking")
@Import(TestClockConfiguration.class)
public @interface BookingServiceTest {
}
