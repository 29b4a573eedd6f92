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
import org.springframework.test.context.TestPropertySource;

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
@TestPropertySource(properties = {
        "nakksha.booking.payment-capability.tag-key=" + BookingServiceTest.CAPABILITY_TAG_KEY,
        "nakksha.booking.payment-capability.seal-key-id=test",
        "nakksha.booking.payment-capability.seal-key=" + BookingServiceTest.CAPABILITY_SEAL_KEY,
        // Every test books from one address and many reuse emails, holds running on: HoldLimitsIT tests the limits.
        "nakksha.booking.hold-limits.per-email=100000",
        "nakksha.booking.hold-limits.per-client-address=100000",
        "nakksha.booking.hold-limits.per-consultant=100000"})
public @interface BookingServiceTest {

    /** What booking tags payment capabilities with, as payment-service would know it (base64, 32 bytes; tests only). */
    String CAPABILITY_TAG_KEY = "fGsXBDuvzwyESXeqkkspaAAY2HZ9fyVwmWfZtcX33VI=";

    /** What booking seals payment capabilities for notification-service with, key id {@code test} (tests only). */
    String CAPABILITY_SEAL_KEY = "q8oB/SWppWSPuiOrZ4xDU1N0lIsnHLzstTLIm2RA/AQ=";
}
