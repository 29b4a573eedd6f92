package com.nakksha.identity.encryption;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for data kept encrypted at rest (bank details, TOTP secrets, signing keys).
 *
 * @param activeKeyId the key new values are sealed with
 * @param keys every key still needed to open stored values, base64-encoded 32 bytes, by id
 */
@ConfigurationProperties("nakksha.identity.encryption")
public record EncryptionProperties(String activeKeyId, Map<String, String> keys) {

    public DataEncryption toDataEncryption() {
        return new DataEncryption(activeKeyId, decode(keys));
    }

    static Map<String, byte[]> decode(Map<String, String> keys) {
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        (keys == null ? Map.<String, String>of() : keys).forEach((id, key) -> decoded.put(id, Base64.getDecoder().decode(key.strip())));
        return decoded;
    }
}
