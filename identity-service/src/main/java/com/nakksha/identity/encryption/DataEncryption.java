package com.nakksha.identity.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for values kept at rest (bank details, TOTP secrets, signing keys). Each sealed
 * value names the key that sealed it, so keys can be rotated: new values use the active key, old
 * ones stay readable while their key is configured. The context (for example
 * {@code bank-details:<consultant id>}) is bound as associated data, so a ciphertext copied to
 * another row or purpose fails to open.
 *
 * <p>Format: {@code v1.<key id>.<base64url(12-byte IV || ciphertext || 16-byte tag)>}.
 */
public final class DataEncryption {

    private static final String PREFIX = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom random = new SecureRandom();

    public DataEncryption(String activeKeyId, Map<String, byte[]> keysById) {
        if (!keysById.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("active encryption key " + activeKeyId + " is not configured");
        }
        keysById.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("encryption key id must match " + KEY_ID.pattern());
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("encryption key " + id + " must be " + KEY_BYTES + " bytes");
            }
        });
        this.activeKeyId = activeKeyId;
        this.keys = Map.copyOf(keysById.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES"))));
    }

    public String seal(byte[] plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + "." + activeKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] open(String sealedValue, String context) {
        String[] parts = sealedValue.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw new UnreadableCiphertext("not a sealed value");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new UnreadableCiphertext("sealed with key " + parts[1] + ", which is not configured");
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new UnreadableCiphertext("not a sealed value");
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableCiphertext("sealed value too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableCiphertext("authentication tag does not match (wrong key, context or tampered value)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public static final class UnreadableCiphertext extends RuntimeException {
        public UnreadableCiphertext(String message) {
            super(message);
        }
    }
}
