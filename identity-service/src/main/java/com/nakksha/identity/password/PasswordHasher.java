package com.nakksha.identity.password;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;

/**
 * Argon2id hashing (RFC 9106) at or above the OWASP Password Storage Cheat Sheet's minimum (m = 19 MiB, t = 2,
 * p = 1), as PHC strings ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}). The hash is computed by the reference C
 * implementation through argon2-jvm: at the same cost it takes about a third of the CPU time of the pure-Java
 * implementation used before (Spring's encoder on Bouncy Castle), whose hashes it reads unchanged, and a fifth
 * under a C1-only JIT. Hashing is CPU and memory bound (the memory is native, not heap): callers keep it off the
 * event loop.
 */
public final class PasswordHasher {

    /** Memory cost in KiB (19 MiB). */
    public static final int OWASP_MIN_MEMORY_KIB = 19 * 1024;
    public static final int OWASP_MIN_ITERATIONS = 2;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String decoyHash;

    /**
     * @param memoryKib memory cost in KiB
     * @throws IllegalArgumentException when a parameter is below the OWASP minimum, or parallelism below 1
     */
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
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.decoyHash = hash("decoy password used to equalise timing");
    }

    /** A new PHC string with a fresh random salt; the password is hashed as UTF-8. */
    public String hash(String rawPassword) {
        return argon2.hash(iterations, memoryKib, parallelism, rawPassword.toCharArray());
    }

    /** True when the stored PHC string is the password's hash; false for a null or malformed one. */
    public boolean matches(String rawPassword, String storedHash) {
        return storedHash != null && verify(storedHash, rawPassword);
    }

    /**
     * Spends the same work as a real check when the account does not exist, so response time does
     * not tell which emails are registered.
     */
    public void spendComparableEffort(String rawPassword) {
        verify(decoyHash, rawPassword);
    }

    /** True when the hash was made with weaker parameters than the current ones. */
    public boolean needsRehash(String storedHash) {
        return argon2.needsRehash(storedHash, iterations, memoryKib, parallelism);
    }

    private boolean verify(String storedHash, String rawPassword) {
        try {
            return argon2.verify(storedHash, rawPassword.toCharArray());
        } catch (IllegalStateException malformed) {
            // argon2-jvm reports a hash the C library cannot decode as an error; for a login it is a mismatch.
            return false;
        }
    }
}
