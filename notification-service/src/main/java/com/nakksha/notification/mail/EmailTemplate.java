package com.nakksha.notification.mail;

import java.util.Locale;

/**
 * Every mail the platform sends. Each has a subject, a plain-text and an HTML template under
 * {@code classpath:mail/} named after {@link #fileName()} (seed 000's email types, plus the
 * account mails issue 8 asks for).
 */
public enum EmailTemplate {

    EMAIL_VERIFICATION(Urgency.EXPIRING),
    PASSWORD_RESET(Urgency.EXPIRING),
    /** The single-use sign-in link identity mails when the consultant's email reached the account-wide login limit. */
    LOGIN_LINK(Urgency.EXPIRING),
    ACCOUNT_APPROVED,
    ACCOUNT_REJECTED,
    ACCOUNT_SUSPENDED,
    /** To every configured admin: a consultant signed up and waits for approval. */
    CONSULTANT_AWAITING_APPROVAL,

    /** To the client of a public booking: pay through the link while the hold lives. */
    BOOKING_RECEIVED(Urgency.EXPIRING),
    /**
     * To the booker of a free public booking: confirm the address through the link while the hold lives, which
     * confirms the booking (issue 14); SESSION_CONFIRMED follows only then.
     */
    BOOKING_EMAIL_CONFIRMATION(Urgency.EXPIRING),
    /** To the client: the session will take place; meeting link, amount and a calendar invite. */
    SESSION_CONFIRMED,
    SESSION_RESCHEDULED,
    SESSION_CANCELLED,
    SESSION_REMINDER(Urgency.AT_A_MOMENT),
    /** To the consultant: a session was confirmed. */
    CONSULTANT_NEW_BOOKING(true),
    CONSULTANT_SESSION_RESCHEDULED(true),
    CONSULTANT_SESSION_CANCELLED(true),
    PAYMENT_RECEIPT,
    /** To the client: a payment attempt failed while the hold still lives; the retry link. */
    PAYMENT_FAILED(Urgency.EXPIRING),
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
    QUOTATION_EXPIRING_SOON(true, Urgency.EXPIRING),
    QUOTATION_EXPIRED(true),
    /** To the consultant, once a day in their zone: the day's confirmed sessions. */
    DAILY_AGENDA(true, Urgency.EXPIRING);

    /**
     * How soon a due mail loses its value, which decides the order due mails are claimed in: every due
     * mail of a more urgent kind goes before any of a less urgent one, so a burst of ordinary mails
     * does not delay a reminder. Stored with each queued mail as {@link #rank()}.
     */
    public enum Urgency {
        /** Worth something only before a fixed moment that comes soon after it is due (a reminder before the session starts). */
        AT_A_MOMENT(0),
        /** Someone waits for it or its link expires (a verification link, a pay link while the hold lives, the day's agenda). */
        EXPIRING(1),
        /** Everything else. */
        ORDINARY(2);

        private final int rank;

        Urgency(int rank) {
            this.rank = rank;
        }

        /** The email log's {@code priority}: 0 is claimed first; changing a rank needs a migration of queued rows. */
        public int rank() {
            return rank;
        }
    }

    private final boolean optional;
    private final Urgency urgency;

    EmailTemplate() {
        this(false, Urgency.ORDINARY);
    }

    EmailTemplate(boolean optional) {
        this(optional, Urgency.ORDINARY);
    }

    EmailTemplate(Urgency urgency) {
        this(false, urgency);
    }

    EmailTemplate(boolean optional, Urgency urgency) {
        this.optional = optional;
        this.urgency = urgency;
    }

    public Urgency urgency() {
        return urgency;
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
