package com.nakksha.schemas.tokens;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentCapabilityTokenTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void aCapabilityIsIssuedForItsSessionUnderItsKeyAmongSeveralAndLooksLikeA43CharacterToken() {
        byte[] key = key();
        UUID session = UUID.randomUUID();
        String token = PaymentCapabilityToken.issue(session, key);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(PaymentCapabilityToken.issue(session, key)).isNotEqualTo(token);
        assertThat(PaymentCapabilityToken.isIssuedFor(token, session, List.of(key(), key))).isTrue();
    }

    @Test
    void anotherSessionAnotherKeyATamperedOrMalformedTokenIsNotIssued() {
        byte[] key = key();
        UUID session = UUID.randomUUID();
        String token = PaymentCapabilityToken.issue(session, key);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[3] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(PaymentCapabilityToken.isIssuedFor(token, UUID.randomUUID(), List.of(key))).isFalse();
        assertThat(PaymentCapabilityToken.isIssuedFor(token, session, List.of(key()))).isFalse();
        assertThat(PaymentCapabilityToken.isIssuedFor(token, session, List.of())).isFalse();
        assertThat(PaymentCapabilityToken.isIssuedFor(tampered, session, List.of(key))).isFalse();
        assertThat(PaymentCapabilityToken.isIssuedFor("not base64 !", session, List.of(key))).isFalse();
        assertThat(PaymentCapabilityToken.isIssuedFor(token.substring(1), session, List.of(key))).isFalse();
    }

    @Test
    void theHashIsLowercaseHexSha256OfTheTokensUtf8Bytes() throws Exception {
        String token = PaymentCapabilityToken.issue(UUID.randomUUID(), key());

        assertThat(PaymentCapabilityToken.hashOf(token)).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> PaymentCapabilityToken.issue(UUID.randomUUID(), new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
