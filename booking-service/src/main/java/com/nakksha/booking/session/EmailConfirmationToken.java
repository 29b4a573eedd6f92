package com.nakksha.booking.session;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.schemas.tokens.TokenSeal;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The token of the link that confirms a free public booking (issue 14: a free booking stays pending until the
 * booker confirms their email). It is the platform's {@link TokenSeal} (AES-256-GCM) of
 * {@code <session id> <consultant id> <expiry>} under booking's seal key
 * ({@link PaymentCapabilityProperties#sealKey()}), with the purpose {@value #PURPOSE} as associated data: it opens
 * for nothing else, a changed character makes it not open at all, and it says itself until when it is good (the
 * booking's hold). Booking stores nothing of it. SessionBooked carries it sealed once more for notification-service
 * ({@link #sealedForMail}), so the topic never holds a usable link.
 */
public final class EmailConfirmationToken {

    static final String PURPOSE = "BOOKING_EMAIL_CONFIRMATION";
    /** Longer than any token issued here (172 characters after {@code v1.<key id>.}); longer input is refused before decoding. */
    private static final int MAX_LENGTH = 512;

    /**
     * What an opened token says.
     *
     * @param expiresAt the UTC instant from which the link no longer confirms: the booking's hold expiry
     */
    public record Claims(UUID sessionId, UUID consultantId, Instant expiresAt) {
    }

    private EmailConfirmationToken() {
    }

    /** @return the link's token, or null when no seal key is configured (the booking then cannot be confirmed by mail) */
    static String issue(UUID sessionId, UUID consultantId, Instant expiresAt, PaymentCapabilityProperties keys) {
        byte[] key = keys.sealKeyBytes();
        return key == null ? null
                : TokenSeal.seal(keys.sealKeyId(), key, sessionId + " " + consultantId + " " + expiresAt, PURPOSE);
    }

    /** The token sealed for notification-service's mail, associated data {@code CONFIRM_EMAIL:<session id>}. */
    static String sealedForMail(String token, UUID sessionId, PaymentCapabilityProperties keys) {
        return TokenSeal.seal(keys.sealKeyId(), keys.sealKeyBytes(), token, "CONFIRM_EMAIL:" + sessionId);
    }

    /**
     * @throws InvalidInputException (400, field {@code token}) when the text is not a token this service issued for
     *         confirming a booking: altered, cut short, sealed with a key no longer configured, or made for another purpose
     */
    public static Claims open(String token, PaymentCapabilityProperties keys) {
        byte[] key = keys.sealKeyBytes();
        if (token == null || token.isBlank() || token.length() > MAX_LENGTH || key == null) {
            throw notOurs();
        }
        String[] claims;
        try {
            claims = TokenSeal.open(Map.of(keys.sealKeyId(), key), token.strip(), PURPOSE).split(" ");
        } catch (IllegalStateException doesNotOpen) {
            throw notOurs();
        }
        try {
            return new Claims(UUID.fromString(claims[0]), UUID.fromString(claims[1]), Instant.parse(claims[2]));
        } catch (IllegalArgumentException | DateTimeException | ArrayIndexOutOfBoundsException malformed) {
            // Sealed with our key but not by issue(): a bug, not an attacker; still not a link that confirms.
            throw notOurs();
        }
    }

    private static InvalidInputException notOurs() {
        return new InvalidInputException("token", "is not a booking confirmation link issued here: it was altered, "
                + "cut short or made for something else; open the link from the mail as it is");
    }
}
