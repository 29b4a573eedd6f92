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
        // The middle of the box: every bit of a character there is used, unlike the last one's low bits
        int middle = sealed.length() - 20;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);

        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key), tampered, "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenSeal.open(Map.of("k1", key), "not sealed", "PAYMENT:42")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> TokenSeal.seal("k1", new byte[16], "t", "PAYMENT:42")).isInstanceOf(IllegalArgumentException.class);
    }
}
