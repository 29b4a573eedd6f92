package com.nakksha.identity.emaillink;

import java.time.Duration;

/** What a single-use email link does. */
public enum LinkPurpose {
    EMAIL_VERIFICATION,
    PASSWORD_RESET,
    /** Signs the consultant in: the step-up at the account-wide failed-login limit (issue 14). */
    LOGIN_LINK;

    Duration lifetime(LinkTokenProperties properties) {
        return switch (this) {
            case EMAIL_VERIFICATION -> properties.verificationLifetime();
            case PASSWORD_RESET -> properties.resetLifetime();
            case LOGIN_LINK -> properties.loginLinkLifetime();
        };
    }
}
