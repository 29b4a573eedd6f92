package com.nakksha.analytics;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.nakksha.testsupport.NakkshaServiceTest;

/**
 * The analytics service as every integration test runs it: real Postgres, real Kafka. Every test class, the boot
 * test included, carries exactly this configuration, so they all share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "analytics")
public @interface AnalyticsServiceTest {
}
