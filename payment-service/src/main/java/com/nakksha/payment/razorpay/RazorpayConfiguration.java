package com.nakksha.payment.razorpay;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one Razorpay gateway; where it points is {@link RazorpayProperties#baseUrl()}. Outside the local
 * stack and tests (any active profile but {@code local} and {@code test}) the service refuses to start
 * without real secrets: the built-in ones are public test values.
 */
@Configuration(proxyBeanMethods = false)
class RazorpayConfiguration {

    private static final Set<String> LOCAL_PROFILES = Set.of("local", "test");

    @Bean
    RazorpayGateway razorpayGateway(RazorpayProperties properties, CircuitBreakerRegistry breakers, JsonMapper json,
                                    Clock clock, Environment environment) {
        requireSecrets(properties, Arrays.asList(environment.getActiveProfiles()));
        return new RazorpaySdkGateway(properties, breakers, json, clock);
    }

    /** @throws IllegalStateException naming the missing setting (never its value) when a non-local profile lacks a secret */
    static void requireSecrets(RazorpayProperties properties, List<String> activeProfiles) {
        boolean local = activeProfiles.isEmpty() || activeProfiles.stream().anyMatch(LOCAL_PROFILES::contains);
        if (local) {
            return;
        }
        if (blankOrDefault(properties.keySecret(), RazorpayProperties.LOCAL_KEY_SECRET)) {
            throw new IllegalStateException("nakksha.payment.razorpay.key-secret must be set outside the local stack");
        }
        if (blankOrDefault(properties.webhookSecret(), RazorpayProperties.LOCAL_WEBHOOK_SECRET)) {
            throw new IllegalStateException("nakksha.payment.razorpay.webhook-secret must be set outside the local stack");
        }
    }

    private static boolean blankOrDefault(String value, String localDefault) {
        return value == null || value.isBlank() || value.equals(localDefault);
    }
}
