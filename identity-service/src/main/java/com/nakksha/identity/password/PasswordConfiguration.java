package com.nakksha.identity.password;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    @Bean
    PasswordHasher passwordHasher(PasswordProperties properties) {
        return new PasswordHasher(properties.memoryKib(), properties.iterations(), properties.parallelism());
    }

    @Bean
    PasswordPolicy passwordPolicy() {
        return PasswordPolicy.withShippedBreachedList();
    }
}
