package com.nakksha.identity.password;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id hashing at or above the OWASP minimum (m = 19 MiB, t = 2, p = 1); Spring's own
 * defaults are below it, so the parameters are always explicit. Hashing is CPU and memory bound:
 * callers keep it off the event loop.
 */
public final class PasswordHasher {

    public static final int OWASP_MIN_MEMORY_KIB = 19 * 1024;
    public static final int OWASP_MIN_ITERATIONS = 2;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;
    private final String decoyHash;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (memoryKib < OWASP_MIN_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be at least " + OWASP_MIN_MEMORY_KIB + " KiB");
        }
        if (iterations < OWASP_MIN_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be at least " + OWASP_MIN_ITERATIONS);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("Argon2 parallelism must be at least 1");
        }
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, parallelism, memoryKib, iterations);
        this.decoyHash = encoder.encode("decoy password used to equalise timing");
    }

    public String hash(String rawPassword) {
        return encoder.encode(rawPassword);
    }

    public boolean matches(String rawPassword, String storedHash) {
        return storedHash != null && encoder.matches(rawPassword, storedHash);
    }

    /**
     * Spends the same work as a real check when the account does not exist, so response time does
     * not tell which emails are registered.
     */
    public void spendComparableEffort(String rawPassword) {
        encoder.matches(rawPassword, decoyHash);
    }

    /** True when the hash was made with weaker parameters than the current ones. */
    public boolean needsRehash(String storedHash) {
        return encoder.upgradeEncoding(storedHash);
    }
}
