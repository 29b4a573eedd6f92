package com.nakksha.identity.emaillink;

import java.time.Duration;

/** What a single-use email link does. */
public enum LinkPurpose {
    EMAIL_VERIFICATION,
    PASSWORD_RESET;

    Duration lifetime(LinkTokenProperties properties) {
        return this == EMAIL_VERIFICATION ? properties.verificationLifetime() : properties.resetLifetime();
    }
}
