package com.nakksha.identity.password;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Argon2id cost; the defaults are OWASP's minimum (m = 19 MiB, t = 2, p = 1) and lower values
 * are refused at startup.
 */
@ConfigurationProperties("nakksha.identity.password")
public record PasswordProperties(
        @DefaultValue("19456") int memoryKib,
        @DefaultValue("2") int iterations,
        @DefaultValue("1") int parallelism) {
}
