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
    CONSULTANT_AWAITING_APPROVAL,

    /** To the client of a public booking: pay through the link while the hold lives. */
    BOOKING_RECEIVED,
    /**
     * To the booker of a free public booking: confirm the address through the link while the hold lives, which
     * confirms the booking (issue 14); SESSION_CONFIRMED follows only then.
     */
    BOOKING_EMAIL_CONFIRMATION,
    /** To the client: the session will take place; meeting link, amount and a calendar invite. */
    SESSION_CONFIRMED,
    SESSION_RESCHEDULED,
    SESSION_CANCELLED,
    SESSION_REMINDER,
    /** To the consultant: a session was confirmed. */
    CONSULTANT_NEW_BOOKING(true),
    CONSULTANT_SESSION_RESCHEDULED(true),
    CONSULTANT_SESSION_CANCELLED(true),
    PAYMENT_RECEIPT,
    /** To the client: a payment attempt failed while the hold still lives; the retry link. */
    PAYMENT_FAILED,
    REFUND_ISSUED,
    /** To the client: a capture arrived after the booking could no longer take it; it is refunded in full. */
    LATE_CAPTURE_REFUNDED,

    /** To the client: the quotation, its share link and until when it is valid. */
    QUOTATION_SENT,
    /** To the consultant: the client opened the quotation (quotation-service throttles the views it reports). */
    QUOTATION_VIEWED(true),
    QUOTATION_ACCEPTED(true),
    QUOTATION_REJECTED(true),
    /** To the consultant: an unanswered quotation expires within a day. */
    QUOTATION_EXPIRING_SOON(true),
    QUOTATION_EXPIRED(true),
    /** To the consultant, once a day in their zone: the day's confirmed sessions. */
    DAILY_AGENDA(true);

    private final boolean optional;

    EmailTemplate() {
        this(false);
    }

    EmailTemplate(boolean optional) {
        this.optional = optional;
    }

    /**
     * Whether the consultant it goes to may turn it off (issue 8: a consultant chooses which of their own
     * mails they want; account mails and every client mail that is part of a booking or a quotation are not optional).
     */
    public boolean optional() {
        return optional;
    }

    /** {@code email-verification} for EMAIL_VERIFICATION: the base name of the template files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
