package com.nakksha.identity.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must satisfy (NIST SP 800-63B): a minimum length, a generous maximum so
 * passphrases fit, and not being one of the passwords attackers try first. No composition rules:
 * they push people towards predictable patterns.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    /** Above the 64 characters NIST asks to allow; the bound only keeps hashing cost predictable. */
    public static final int MAX_LENGTH = 128;

    private static final String BREACHED_LIST = "/password/breached-passwords.txt";

    private final Set<String> breached;

    public PasswordPolicy(Set<String> breachedLowerCase) {
        this.breached = Set.copyOf(breachedLowerCase);
    }

    public static PasswordPolicy withShippedBreachedList() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(BREACHED_LIST)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BREACHED_LIST);
            }
            Set<String> entries = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    entries.add(entry.toLowerCase(Locale.ROOT));
                }
            }
            return new PasswordPolicy(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public Optional<String> violation(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("must not be empty");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (breached.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("is too common: it appears in lists of breached passwords");
        }
        return Optional.empty();
    }

    public int breachedListSize() {
        return breached.size();
    }
}
