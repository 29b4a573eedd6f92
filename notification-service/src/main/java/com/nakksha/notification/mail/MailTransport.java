package com.nakksha.notification.mail;

/**
 * Hands a rendered mail to a provider: SMTP ({@link SmtpMailTransport}, the default) or Resend's HTTP
 * API ({@link ResendMailTransport}), chosen by {@code nakksha.notification.delivery.provider}.
 */
public interface MailTransport {

    /**
     * Sends one mail; blocks until the provider accepted or refused it.
     *
     * @param idempotencyKey the email log id, the same on every attempt of one row: Resend sends one mail per key; SMTP
     *                       has no such thing, so its {@code Message-ID} is derived from it and a re-delivery is recognisable
     * @return the provider's message id
     * @throws PermanentMailFailure when retrying cannot help (an address that is not one)
     * @throws RuntimeException for anything else, which is retried with backoff
     */
    String send(String idempotencyKey, String recipient, String recipientName, RenderedMail mail);

    /** A failure no retry can cure. */
    final class PermanentMailFailure extends RuntimeException {
        public PermanentMailFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
