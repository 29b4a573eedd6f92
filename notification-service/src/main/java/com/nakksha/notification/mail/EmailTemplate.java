package com.nakksha.notification.mail;

import java.util.Locale;

/**
 * Every mail the platform sends. Each has a subject, a plain-text and an HTML template under
 * {@code classpath:mail/} named after {@link #fileName()} (seed 000's email types, plus the
 * account mails issue 8 asks for).
 */
public enum EmailTemplate {

    EMAIL_VERIFICATION,
    PASSWORD_RESET,
    ACCOUNT_APPROVED,
    ACCOUNT_REJECTED,
    ACCOUNT_SUSPENDED,
    /** To every configured admin: a consultant signed up and waits for approval. */
    CONSULTANT_AWAITING_APPROVAL;

    /** {@code email-verification} for EMAIL_VERIFICATION: the base name of the template files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
