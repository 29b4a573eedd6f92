package com.nakksha.local.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Passwords and keys of the local stack, generated on first start and kept in {@code secrets.properties}
 * (mode 600) in the data dir, so a restart reuses the roles the database already has. They reach the
 * services through environment variables only; nothing here ever prints them.
 */
public final class LocalSecrets {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Properties values;

    private LocalSecrets(Properties values) {
        this.values = values;
    }

    /**
     * What a generated secret is: a password, key material for AES-256 (base64 of 32 random bytes), or a
     * Razorpay test key id ({@code rzp_test_} and 14 letters or digits, the shape of Razorpay's own).
     */
    public enum Kind {
        PASSWORD,
        AES_256_KEY,
        RAZORPAY_TEST_KEY_ID;

        private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        String generate() {
            return switch (this) {
                // 192 random bits, URL-safe Base64: no quote or backslash that could break a SQL literal or a shell.
                case PASSWORD -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
                case AES_256_KEY -> Base64.getEncoder().encodeToString(randomBytes(32));
                case RAZORPAY_TEST_KEY_ID -> {
                    StringBuilder id = new StringBuilder("rzp_test_");
                    for (int i = 0; i < 14; i++) {
                        id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
                    }
                    yield id.toString();
                }
            };
        }
    }

    /** Loads the file and adds a fresh random password for every key it does not have yet. */
    public static LocalSecrets loadOrCreate(Path file, Collection<String> passwordKeys) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        passwordKeys.forEach(key -> kinds.put(key, Kind.PASSWORD));
        return loadOrCreate(file, kinds);
    }

    /** Loads the file and generates every secret it does not have yet. */
    public static LocalSecrets loadOrCreate(Path file, Map<String, Kind> keys) {
        try {
            Properties values = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    values.load(reader);
                }
            }
            boolean added = false;
            for (Map.Entry<String, Kind> key : keys.entrySet()) {
                if (values.getProperty(key.getKey(), "").isBlank()) {
                    values.setProperty(key.getKey(), key.getValue().generate());
                    added = true;
                }
            }
            if (added) {
                write(file, values);
            } else if (isPosix()) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new LocalSecrets(values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no secret called " + key);
        }
        return value;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The new file is created owner-only before any secret is written to it, then moved into place. */
    private static void write(Path file, Properties values) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = isPosix()
                ? Files.createTempFile(file.getParent(), "secrets", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(file.getParent(), "secrets", ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary)) {
            values.store(writer, "Nakksha local stack: generated passwords. Keep private; delete the data dir to start afresh.");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
