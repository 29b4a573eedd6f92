package com.nakksha.identity;

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
 * The identity service as every integration test runs it: real Postgres, real Kafka, the real
 * service, on a {@link com.nakksha.testsupport.TestClock} a test may move (and must set back; the admin
 * authenticators of {@link IdentityClient} only move it forward, to their codes' time steps, so it may run a
 * few minutes ahead of real time: compare the service's times with the clock, not {@code Instant.now()}). Every
 * test class carries exactly this configuration, so they all share one application context (a class
 * that adds any other configuration starts a context of its own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "identity")
@Import(TestClockConfiguration.class)
@TestPropertySource(properties = {
        "nakksha.identity.tokens.key-activation-delay=0s",
        "nakksha.identity.tokens.key-reload-interval=1h",
        "nakksha.identity.bootstrap-admin.email=" + IdentityClient.ROOT_ADMIN_EMAIL,
        "nakksha.identity.bootstrap-admin.password=" + IdentityClient.ROOT_ADMIN_PASSWORD,
        "nakksha.identity.login.max-failures-per-account-and-address=5",
        "nakksha.identity.login.max-failures-per-account=15",
        // Progressive delays are LoginThrottlePolicyTest's; here the fixed limits are exercised at full speed.
        "nakksha.identity.login.free-attempts-before-delay=5",
        "nakksha.identity.login.max-failures-per-address=12",
        "nakksha.identity.login.window=15m"})
public @interface IdentityServiceTest {
}
