package com.nakksha.identity.encryption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EncryptionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EncryptionConfiguration.class);

    @Bean
    DataEncryption dataEncryption(EncryptionProperties properties) {
        if ("local-dev".equals(properties.activeKeyId())) {
            log.warn("Data at rest is encrypted with the local development key; configure real keys outside local runs");
        }
        return properties.toDataEncryption();
    }
}
