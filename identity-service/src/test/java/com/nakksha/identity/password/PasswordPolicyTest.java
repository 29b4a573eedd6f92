package com.nakksha.identity.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = PasswordPolicy.withShippedBreachedList();

    @Test
    void shipsAListOfAtLeastAThousandBreachedPasswords() {
        assertThat(policy.breachedListSize()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void refusesPasswordsShorterThanEightCharacters() {
        assertThat(policy.violation("Gx7#kq2")).contains("must be at least 8 characters");
        assertThat(policy.violation("")).isPresent();
        assertThat(policy.violation(null)).isPresent();
    }

    @Test
    void acceptsEightCharactersAndLongPassphrases() {
        assertThat(policy.violation("Gx7#kq2p")).isEmpty();
        assertThat(policy.violation("correct horse battery staple on a winter evening in pune, sixty-four!")).isEmpty();
        assertThat(policy.violation("x".repeat(63) + "Q")).isEmpty();
        assertThat(policy.violation("Zq".repeat(64))).isEmpty();
    }

    @Test
    void countsCharactersNotBytes() {
        assertThat(policy.violation("पासवर्डनमस्ते")).isEmpty();
        assertThat(policy.violation("😀😀😀😀😀😀😀")).contains("must be at least 8 characters");
    }

    @Test
    void refusesOverlongPasswords() {
        assertThat(policy.violation("a".repeat(129))).contains("must be at most 128 characters");
    }

    @Test
    void refusesCommonBreachedPasswordsWhateverTheirCase() {
        assertThat(policy.violation("password")).get().asString().contains("too common");
        assertThat(policy.violation("Password1")).isPresent();
        assertThat(policy.violation("QWERTY123")).isPresent();
        assertThat(policy.violation("iloveyou")).isPresent();
        assertThat(policy.violation("12345678")).isPresent();
        assertThat(policy.violation("welcome@123")).isPresent();
    }
}
