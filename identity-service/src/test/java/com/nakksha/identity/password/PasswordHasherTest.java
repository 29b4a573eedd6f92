package com.nakksha.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(19456, 2, 1);

    @Test
    void hashesWithArgon2idAtOwaspParameters() {
        String hash = hasher.hash("Gx7#kq2pLm");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.matches("Gx7#kq2pLm", hash)).isTrue();
        assertThat(hasher.matches("Gx7#kq2pLn", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void refusesParametersBelowOwasp() {
        assertThatThrownBy(() -> new PasswordHasher(16384, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(19456, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asksForRehashOfHashesMadeWithWeakerParameters() {
        String weaker = hasher.hash("Gx7#kq2pLm");
        PasswordHasher stronger = new PasswordHasher(47104, 2, 1);

        assertThat(stronger.needsRehash(weaker)).isTrue();
        assertThat(stronger.matches("Gx7#kq2pLm", weaker)).isTrue();
        assertThat(hasher.needsRehash(weaker)).isFalse();
    }

    @Test
    void unknownHashNeverMatches() {
        assertThat(hasher.matches("anything", null)).isFalse();
        assertThat(hasher.matches("anything", "$argon2id$v=19$m=19456,t=2,p=1$not-a-hash")).isFalse();
        assertThat(hasher.matches("anything", "plain text")).isFalse();
    }

    @Test
    void readsHashesStoredBeforeTheSwitchToTheReferenceImplementation() {
        // Made by Spring Security's Argon2PasswordEncoder on Bouncy Castle (16-byte salt, 32-byte hash, same cost),
        // the encoder accounts were hashed with until the reference implementation replaced it.
        String storedBefore = "$argon2id$v=19$m=19456,t=2,p=1$kysatGq3UMUOWb5nw7Yhzg$wCBIqDFf63LizPRRVdv2dFdGtqG+u2kEXYFQJxGoq20";

        assertThat(hasher.matches("pw", storedBefore)).isTrue();
        assertThat(hasher.matches("px", storedBefore)).isFalse();
        assertThat(hasher.needsRehash(storedBefore)).isFalse();
    }
}
