package com.nakksha.identity.admin;

import com.nakksha.identity.totp.TotpAuthenticator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TotpConfiguration {

    @Bean
    TotpAuthenticator totpAuthenticator() {
        return new TotpAuthenticator();
    }
}
