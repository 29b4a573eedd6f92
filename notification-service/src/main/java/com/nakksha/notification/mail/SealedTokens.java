package com.nakksha.notification.mail;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.nakksha.notification.NotificationProperties;
import com.nakksha.schemas.tokens.TokenSeal;

import org.springframework.stereotype.Component;

/**
 * Opens tokens other services seal for a mail's link ({@link TokenSeal}: AES-256-GCM with the token's
 * purpose bound as associated data; identity-service's {@code AccountLinks}: {@code <purpose>:<consultant id>};
 * booking's payment capability {@code PAYMENT:<session id>}, manage token {@code MANAGE:<session id>} and a free
 * booking's confirmation link {@code CONFIRM_EMAIL:<session id>}).
 * Opening only: notification never seals.
 */
@Component
public class SealedTokens {

    private final Map<String, byte[]> keys = new HashMap<>();

    SealedTokens(NotificationProperties properties) {
        properties.linkTokenKeys().forEach((id, key) -> {
            byte[] bytes = Base64.getDecoder().decode(key.strip());
            if (bytes.length != 32) {
                throw new IllegalArgumentException("link token key " + id + " must be 32 bytes");
            }
            keys.put(id, bytes);
        });
    }

    /**
     * @param associatedData what the token was sealed for; a token sealed for anything else does not open
     * @throws IllegalStateException when the key that sealed it is not configured or the value does
     *         not open with it (wrong key, purpose or consultant, or tampered)
     */
    public String open(String sealed, String associatedData) {
        return TokenSeal.open(keys, sealed, associatedData);
    }
}
