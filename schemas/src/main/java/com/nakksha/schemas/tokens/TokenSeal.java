package com.nakksha.schemas.tokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed form a token travels in inside an event, so the outbox, the Kafka log and any logged event
 * never hold it in clear: AES-256-GCM, {@code v1.<key id>.<base64url(12-byte IV || ciphertext || 16-byte tag)>},
 * with what the token is for bound as associated data (identity's email links: {@code <purpose>:<consultant id>};
 * booking's payment capability: {@code PAYMENT:<session id>}). The same form identity-service seals and
 * notification-service opens.
 */
public final class TokenSeal {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSeal() {
    }

    /**
     * @param keyId  names the key, so a reader holding several (rotation) picks it; letters, digits, {@code _} and {@code -}
     * @param key    32 bytes
     * @param associatedData what the token is for; it opens only for the same
     * @throws IllegalArgumentException when the key is not 32 bytes or the key id has a dot
     */
    public static String seal(String keyId, byte[] key, String token, String associatedData) {
        if (key.length != KEY_BYTES || keyId.isEmpty() || keyId.contains(".")) {
            throw new IllegalArgumentException("a seal key is 32 bytes under an id without dots");
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] box = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + "." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(box);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-GCM is in every JVM", impossible);
        }
    }

    /**
     * @param keys 32-byte keys by id
     * @throws IllegalStateException when the value is not a sealed token, its key is not among {@code keys},
     *         or it does not open (another purpose, another key, tampered)
     */
    public static String open(Map<String, byte[]> keys, String sealed, String associatedData) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("not a sealed token");
        }
        byte[] key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("token sealed with key " + parts[1] + ", which is not configured");
        }
        try {
            byte[] box = Base64.getUrlDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, box, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(box, IV_BYTES, box.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException notOurs) {
            throw new IllegalStateException("token does not open with key " + parts[1]);
        }
    }
}
