package com.nakksha.schemas.tokens;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSealTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void aSealedTokenOpensWithItsKeyForItsPurposeOnlyAndNeverShowsTheToken() {
        byte[] key = key();
        String sealed = TokenSeal.seal("k1", key, "the-token", "PAYMENT:42");

        assertThat(sealed).startsWith("v1.k1.").doesNotContain("the-token");
        assertThat(TokenSeal.open(Map.of("k1", key, "k0", key()), sealed, "PAYMENT:42")).isEqualTo("the-token");
        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key), sealed, "PAYMENT:43")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key()), sealed, "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenSeal.open(Map.of("k2", key), sealed, "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedSealDoesNotOpen() {
        byte[] key = key();
        String sealed = TokenSeal.seal("k1", key, "the-token", "PAYMENT:42");
        char last = sealed.charAt(sealed.length() - 1);
        String tampered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key), tampered, "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key), "not sealed", "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> TokenSeal.seal("k1", new byte[16], "t", "PAYMENT:42")).isInstanceOf(IllegalArgumentException.class);
    }
}
