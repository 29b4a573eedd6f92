package com.nakksha.notification.mail;

/** Hands a rendered mail to a provider (SMTP today). */
public interface MailTransport {

    /**
     * Sends one mail; blocks until the provider accepted or refused it.
     *
     * @return the provider's message id
     * @throws PermanentMailFailure when retrying cannot help (an address that is not one)
     * @throws RuntimeException for anything else, which is retried with backoff
     */
    String send(String recipient, String recipientName, RenderedMail mail);

    /** A failure no retry can cure. */
    final class PermanentMailFailure extends RuntimeException {
        public PermanentMailFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
