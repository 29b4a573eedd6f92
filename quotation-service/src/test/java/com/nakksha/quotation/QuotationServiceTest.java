package com.nakksha.quotation;

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
 * The quotation service as every integration test runs it: real Postgres, real Kafka, a
 * {@link com.nakksha.testsupport.TestClock}. Every test class, the boot test included, carries exactly this
 * configuration, so they all share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@NakkshaServiceTest(schema = "quotation")
@Import(TestClockConfiguration.class)
public @interface QuotationServiceTest {
}
