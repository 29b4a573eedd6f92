package com.nakksha.local.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesStrongPasswordsOnceInAnOwnerOnlyFile() throws Exception {
        Path file = dataDir.resolve("secrets.properties");

        LocalSecrets first = LocalSecrets.loadOrCreate(file, List.of("payment.password", "booking.password"));
        LocalSecrets again = LocalSecrets.loadOrCreate(file, List.of("payment.password", "booking.password"));

        assertThat(first.get("payment.password")).matches("[A-Za-z0-9_-]{32}");
        assertThat(first.get("payment.password")).isNotEqualTo(first.get("booking.password"));
        assertThat(again.get("payment.password")).isEqualTo(first.get("payment.password"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void addsPasswordsForNewKeysAndKeepsTheOldOnes() {
        Path file = dataDir.resolve("secrets.properties");
        String payment = LocalSecrets.loadOrCreate(file, List.of("payment.password")).get("payment.password");

        LocalSecrets grown = LocalSecrets.loadOrCreate(file, List.of("payment.password", "analytics.password"));

        assertThat(grown.get("payment.password")).isEqualTo(payment);
        assertThat(grown.get("analytics.password")).hasSize(32);
    }

    @Test
    void tightensAFileSomeoneMadeReadable() throws Exception {
        Path file = dataDir.resolve("secrets.properties");
        LocalSecrets.loadOrCreate(file, List.of("payment.password"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        LocalSecrets.loadOrCreate(file, List.of("payment.password"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void generatesARazorpayTestKeyIdOfRazorpaysShapeOnce() {
        Path file = dataDir.resolve("secrets.properties");

        String keyId = LocalSecrets.loadOrCreate(file, Map.of("razorpay.key-id", LocalSecrets.Kind.RAZORPAY_TEST_KEY_ID)).get("razorpay.key-id");

        assertThat(keyId).matches("rzp_test_[A-Za-z0-9]{14}");
        assertThat(LocalSecrets.loadOrCreate(file, Map.of("razorpay.key-id", LocalSecrets.Kind.RAZORPAY_TEST_KEY_ID)).get("razorpay.key-id"))
                .isEqualTo(keyId);
    }
}
