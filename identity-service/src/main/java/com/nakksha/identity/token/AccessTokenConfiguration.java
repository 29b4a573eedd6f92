package com.nakksha.identity.token;

import com.nakksha.defaults.security.SecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccessTokenConfiguration {

    @Bean
    AccessTokenIssuer accessTokenIssuer(SecurityProperties security, TokenProperties tokens) {
        return new AccessTokenIssuer(security.issuer(), tokens.accessTokenLifetime());
    }
}
