package com.nakksha.payment.razorpay;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one Razorpay gateway; where it points is {@link RazorpayProperties#baseUrl()}. Its credentials
 * are required in every profile ({@link RazorpayProperties} refuses to bind without them).
 */
@Configuration(proxyBeanMethods = false)
class RazorpayConfiguration {

    @Bean
    RazorpayGateway razorpayGateway(RazorpayProperties properties, CircuitBreakerRegistry breakers, JsonMapper json, Clock clock) {
        return new RazorpaySdkGateway(properties, breakers, json, clock);
    }
}
