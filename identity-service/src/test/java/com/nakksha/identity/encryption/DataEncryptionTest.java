package com.nakksha.identity.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import com.nakksha.identity.profile.BankDetails;
import com.nakksha.identity.profile.Ifsc;
import org.junit.jupiter.api.Test;

class DataEncryptionTest {

    private static final byte[] KEY_A = filled(1);
    private static final byte[] KEY_B = filled(2);

    private final DataEncryption encryption = new DataEncryption("a", Map.of("a", KEY_A));
    private final BankDetails bank = new BankDetails("HDFC Bank", "50100123456789", Ifsc.parse("HDFC0001234"));

    @Test
    void bankDetailsRoundTripAndTheCiphertextRevealsNothing() {
        String sealed = encryption.seal(bank.toBytes(), "bank-details:c1");

        assertThat(sealed).startsWith("v1.a.").doesNotContain("50100123456789").doesNotContain("HDFC");
        assertThat(BankDetails.fromBytes(encryption.open(sealed, "bank-details:c1"))).isEqualTo(bank);
    }

    @Test
    void everySealUsesAFreshNonce() {
        assertThat(encryption.seal(bank.toBytes(), "ctx")).isNotEqualTo(encryption.seal(bank.toBytes(), "ctx"));
    }

    @Test
    void aCiphertextMovedToAnotherContextDoesNotOpen() {
        String sealed = encryption.seal(bank.toBytes(), "bank-details:c1");

        assertThatThrownBy(() -> encryption.open(sealed, "bank-details:c2")).isInstanceOf(DataEncryption.UnreadableCiphertext.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        String sealed = encryption.seal("secret".getBytes(StandardCharsets.UTF_8), "ctx");
        // A character in the middle: the last one may only carry padding bits.
        int middle = sealed.length() - 12;
        String tampered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);

        assertThatThrownBy(() -> encryption.open(tampered, "ctx")).isInstanceOf(DataEncryption.UnreadableCiphertext.class);
        assertThatThrownBy(() -> encryption.open("garbage", "ctx")).isInstanceOf(DataEncryption.UnreadableCiphertext.class);
    }

    @Test
    void oldValuesStayReadableAfterTheActiveKeyChanges() {
        String sealedWithA = encryption.seal("secret".getBytes(StandardCharsets.UTF_8), "ctx");
        DataEncryption rotated = new DataEncryption("b", Map.of("a", KEY_A, "b", KEY_B));

        assertThat(new String(rotated.open(sealedWithA, "ctx"), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(rotated.seal("x".getBytes(StandardCharsets.UTF_8), "ctx")).startsWith("v1.b.");
    }

    @Test
    void aValueSealedWithAnUnconfiguredKeyIsReportedAsSuch() {
        DataEncryption other = new DataEncryption("b", Map.of("b", KEY_B));
        String sealed = encryption.seal("x".getBytes(StandardCharsets.UTF_8), "ctx");

        assertThatThrownBy(() -> other.open(sealed, "ctx")).hasMessageContaining("not configured");
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new DataEncryption("a", Map.of("a", new byte[16]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DataEncryption("missing", Map.of("a", KEY_A))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bankDetailsAreOnlyShownMasked() {
        assertThat(bank.masked().accountNumberMasked()).isEqualTo("**********6789");
        assertThat(bank.masked().ifsc()).isEqualTo("HDFC0001234");
        assertThat(bank.toString()).doesNotContain("50100123456789");
    }

    @Test
    void bankAccountNumbersMustBeDigits() {
        assertThatThrownBy(() -> new BankDetails("HDFC", "12-34", Ifsc.parse("HDFC0001234")))
                .isInstanceOf(BankDetails.InvalidBankDetails.class)
                .extracting(e -> ((BankDetails.InvalidBankDetails) e).field()).isEqualTo("accountNumber");
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
