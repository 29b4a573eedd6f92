package com.nakksha.razorpaysimulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Razorpay for the local stack: the Orders/Payments/Refunds API payment-service's SDK calls, and
 * Razorpay's side of a payment (a checkout that pays or fails an order, then signed webhooks). State
 * lives in memory and is gone at restart. Not for any deployment: it accepts any payment.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RazorpaySimulatorApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(RazorpaySimulatorApplication.class, args);
    }
}
