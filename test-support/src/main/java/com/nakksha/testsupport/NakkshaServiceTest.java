package com.nakksha.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A full service on a random port against the JVM's embedded Postgres (as the service's own role
 * and schema) and Kafka broker, validating tokens from {@link TestTokens}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The first answers of a fresh context (JWKS fetch, Kafka admin client) can take seconds on a busy two-core machine.
@AutoConfigureWebTestClient(timeout = "PT30S")
@ExtendWith(ThreadDumpOnTimeout.class)
public @interface NakkshaServiceTest {

    /** The service's schema and database role, e.g. {@code booking}. */
    String schema();

    /** Whether to use the JVM's shared broker; a test that takes its broker away brings its own. */
    boolean sharedKafka() default true;
}
