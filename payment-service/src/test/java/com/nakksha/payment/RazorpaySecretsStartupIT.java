package com.nakksha.payment;

import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real application, started as {@code main} would start it against the test Postgres and Kafka,
 * refuses to start without Razorpay credentials, whatever the profile, and its logged failure names
 * the missing property but prints none of the secrets it was given.
 */
@ExtendWith(OutputCaptureExtension.class)
class RazorpaySecretsStartupIT {

    private static Map<String, Object> infrastructure() {
        TestInfrastructure.DatabaseAccess database = TestInfrastructure.provision("payment");
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.r2dbc.url", database.r2dbcUrl());
        properties.put("spring.r2dbc.username", database.username());
        properties.put("spring.r2dbc.password", database.password());
        properties.put("spring.liquibase.url", database.jdbcUrl());
        properties.put("spring.liquibase.user", database.username());
        properties.put("spring.liquibase.password", database.password());
        properties.put("spring.liquibase.default-schema", database.schema());
        properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().getBrokersAsString());
        properties.put("nakksha.security.jwks-uri", TestInfrastructure.jwks().uri());
        properties.put("nakksha.security.issuer", TestTokens.ISSUER);
        return properties;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties, String... profiles) {
        return new SpringApplicationBuilder(PaymentApplication.class)
                .web(WebApplicationType.REACTIVE)
                .properties(properties)
                .profiles(profiles)
                .run();
    }

    @Test
    void refusesToStartWithoutTheWebhookSecretAndLogsItsNameButNoSecret(CapturedOutput output) {
        String keySecret = "ks-" + UUID.randomUUID();
        String previousWebhookSecret = "whsec-old-" + UUID.randomUUID();
        Map<String, Object> properties = infrastructure();
        properties.put("nakksha.payment.razorpay.key-id", "rzp_test_" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("nakksha.payment.razorpay.key-secret", keySecret);
        properties.put("nakksha.payment.razorpay.previous-webhook-secret", previousWebhookSecret);

        assertThatThrownBy(() -> start(properties).close()).hasStackTraceContaining("nakksha.payment.razorpay.webhook-secret");

        assertThat(output.getAll())
                .contains("nakksha.payment.razorpay.webhook-secret")
                .doesNotContain(keySecret)
                .doesNotContain(previousWebhookSecret);
    }

    @Test
    void refusesToStartWithoutAnyCredentialsInTheLocalProfileToo(CapturedOutput output) {
        assertThatThrownBy(() -> start(infrastructure(), "local").close())
                .hasStackTraceContaining("nakksha.payment.razorpay.key-id")
                .hasStackTraceContaining("nakksha.payment.razorpay.key-secret")
                .hasStackTraceContaining("nakksha.payment.razorpay.webhook-secret");
        assertThat(output.getAll()).contains("nakksha.payment.razorpay.key-secret");
    }
}
