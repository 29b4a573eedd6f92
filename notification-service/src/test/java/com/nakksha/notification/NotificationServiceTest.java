package com.nakksha.notification;

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
 * The notification service as every integration test runs it: real Postgres, real Kafka, a
 * {@link com.nakksha.testsupport.TestClock}, real SMTP to {@link TestMailServer}. Every test class, the boot test
 * included, carries exactly this configuration, so they all share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "notification")
@Import({TestClockConfiguration.class, TestMailServer.class})
public @interface NotificationServiceTest {

    /** Signs Resend webhooks in tests (Svix format: whsec_ and base64 of the key). */
    String RESEND_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
}
