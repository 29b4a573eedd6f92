package com.nakksha.gateway.keepalive;

import com.nakksha.edge.keepalive.KeepAliveReads;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clients' kept-alive connections to the gateway keep being read, as the services' do ({@link KeepAliveReads}). */
@Configuration(proxyBeanMethods = false)
class KeepAliveConfiguration {

    @Bean
    KeepAliveReads keepAliveReads() {
        return new KeepAliveReads();
    }
}
