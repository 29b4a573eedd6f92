package com.nakksha.gateway.requestid;

import com.nakksha.edge.requestid.RequestIdFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every request leaves the gateway with an {@code X-Request-Id} the services accept as it is, and the
 * client sees that one id on the response, not the copy a service echoed.
 */
@Configuration(proxyBeanMethods = false)
class RequestIdConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }
}
