package com.nakksha.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpAuthenticatorTest {

    /** RFC 6238 appendix B, SHA-1 seed; six-digit codes are the last six digits of the eight-digit vectors. */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private final TotpAuthenticator totp = new TotpAuthenticator();

    @Test
    void matchesTheRfc6238TestVectors() {
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
        assertThat(totp.codeAt(RFC_SEED, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    @Test
    void acceptsTheCurrentCodeAndOneStepOfDrift() {
        Instant now = Instant.ofEpochSecond(1234567890);
        byte[] secret = totp.newSecret();

        assertThat(totp.verify(secret, totp.codeAt(secret, now), now, null)).isPresent();
        assertThat(totp.verify(secret, totp.codeAt(secret, now.minusSeconds(30)), now, null)).isPresent();
        assertThat(totp.verify(secret, totp.codeAt(secret, now.plusSeconds(30)), now, null)).isPresent();
        assertThat(totp.verify(secret, totp.codeAt(secret, now.minusSeconds(90)), now, null)).isEmpty();
    }

    @Test
    void aCodeCannotBeReplayed() {
        Instant now = Instant.ofEpochSecond(1234567890);
        byte[] secret = totp.newSecret();
        String code = totp.codeAt(secret, now);

        long usedStep = totp.verify(secret, code, now, null).orElseThrow();

        assertThat(totp.verify(secret, code, now.plusSeconds(5), usedStep)).isEmpty();
    }

    @Test
    void refusesMalformedCodes() {
        byte[] secret = totp.newSecret();
        assertThat(totp.verify(secret, "12345", Instant.now(), null)).isEmpty();
        assertThat(totp.verify(secret, "abcdef", Instant.now(), null)).isEmpty();
        assertThat(totp.verify(secret, null, Instant.now(), null)).isEmpty();
    }

    @Test
    void theEnrolmentUriIsWhatAuthenticatorAppsImport() {
        String uri = TotpAuthenticator.otpauthUri("Nakksha", "ops@nakksha.in", RFC_SEED);

        assertThat(uri).isEqualTo("otpauth://totp/Nakksha:ops%40nakksha.in?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Nakksha&algorithm=SHA1&digits=6&period=30");
    }
}
