package com.nakksha.notification.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nakksha.notification.NotificationProperties;

import org.springframework.stereotype.Component;

/**
 * Opens tokens other services seal for a mail's link: AES-256-GCM,
 * {@code v1.<key id>.<base64url(12-byte IV || ciphertext || 16-byte tag)>}, with the token's purpose
 * bound as associated data (identity-service's {@code AccountLinks}: {@code <purpose>:<consultant id>};
 * booking's payment capability: {@code PAYMENT:<session id>}). Opening only: notification never seals.
 */
@Component
public class SealedTokens {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    SealedTokens(NotificationProperties properties) {
        properties.linkTokenKeys().forEach((id, key) -> {
            byte[] bytes = Base64.getDecoder().decode(key.strip());
            if (bytes.length != 32) {
                throw new IllegalArgumentException("link token key " + id + " must be 32 bytes");
            }
            keys.put(id, new SecretKeySpec(bytes, "AES"));
        });
    }

    /**
     * @param associatedData what the token was sealed for; a token sealed for anything else does not open
     * @throws IllegalStateException when the key that sealed it is not configured or the value does
     *         not open with it (wrong key, purpose or consultant, or tampered)
     */
    public String open(String sealed, String associatedData) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("not a sealed link token");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("link token sealed with key " + parts[1] + ", which is not configured");
        }
        try {
            byte[] box = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(box, IV_BYTES, box.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("link token does not open with key " + parts[1]);
        }
    }
}
