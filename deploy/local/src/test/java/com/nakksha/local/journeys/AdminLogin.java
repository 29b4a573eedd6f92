package com.nakksha.local.journeys;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.nakksha.local.services.ServiceLauncher;
import org.apache.commons.codec.binary.Base32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bootstrap admin of one launcher stack logged in with a second factor, as admin APIs require
 * (README "Admin bootstrap and second factor"): the first login enrols TOTP with the password-only
 * token, later logins send a current code. The TOTP secret lives as long as the stack: in memory and
 * in {@value #STATE_FILE} under the stack's data directory, so every class driving that stack (and
 * deploy/bench/Onboard.java, which reads the same file) logs in with it. Identity accepts each 30 s
 * step once, so a still-valid admin token is reused and a new login takes a step not used yet; the
 * journeys' classes run concurrently, so the token and the logins are the stack's, shared by every instance.
 * Codes are made with java-otp and commons-codec's Base32, as identity-service's TotpAuthenticator does.
 */
public final class AdminLogin {

    static final String STATE_FILE = "admin-totp.properties";
    private static final String PATH = "/api/v1/auth/admin/login";
    private static final Duration STEP = Duration.ofSeconds(30);
    /** A token closer than this to its expiry is not handed out: the caller needs time to use it. */
    private static final Duration SPARE_LIFETIME = Duration.ofMinutes(2);
    /** Each stack's admin token by its state file; its monitor serialises the logins of concurrent classes. */
    private static final Map<Path, IssuedToken> TOKENS = new HashMap<>();

    private final PlatformClient client;
    private final Path stateFile;
    private final String password;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6,
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private record IssuedToken(String value, Instant expiresAt) {
    }

    /** @param dataDir the stack's {@code --data-dir}, holding secrets.properties */
    public AdminLogin(PlatformClient client, Path dataDir) {
        this.client = client;
        this.stateFile = dataDir.resolve(STATE_FILE);
        this.password = load(dataDir.resolve("secrets.properties")).getProperty("admin.password");
    }

    /** A password-only login: the token that can only enrol a second factor (amr ["pwd"]). Fails once enrolled. */
    PlatformClient.Response passwordOnly() {
        return login(Map.of("email", ServiceLauncher.ADMIN_EMAIL, "password", password));
    }

    /** An access token whose {@code amr} holds {@code mfa}, valid for at least two more minutes. */
    public String accessToken() {
        synchronized (TOKENS) {
            IssuedToken issued = TOKENS.get(stateFile);
            if (issued != null && Instant.now().plus(SPARE_LIFETIME).isBefore(issued.expiresAt())) {
                return issued.value();
            }
            Properties state = Files.exists(stateFile) ? load(stateFile) : enrol();
            long step = Math.max(stepAt(Instant.now()), Long.parseLong(state.getProperty("last-used-step")) + 1);
            awaitStep(step);
            PlatformClient.Response login = login(Map.of("email", ServiceLauncher.ADMIN_EMAIL, "password", password,
                    "totpCode", code(state.getProperty("secret"), step)));
            state.setProperty("last-used-step", Long.toString(step));
            store(state);
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            String token = login.text("accessToken");
            assertThat(amr(token)).as("amr of the admin token").contains("\"mfa\"");
            TOKENS.put(stateFile, new IssuedToken(token, Instant.parse(login.text("accessTokenExpiresAt"))));
            return token;
        }
    }

    /**
     * The gateway limits logins per address and the journeys' classes log in at once from one: a 429 is waited out
     * as its Retry-After says (the request never reached identity, so the code's step is still unused).
     */
    private PlatformClient.Response login(Map<String, String> body) {
        try {
            return PlatformClient.honouringRetryAfter(() -> client.post(PATH, null, body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Enrols the not yet enrolled bootstrap admin and keeps the secret and the step its confirmation used. */
    private Properties enrol() {
        PlatformClient.Response login = passwordOnly();
        assertThat(login.status()).as("password-only admin login of a stack without " + STATE_FILE + ": " + login).isEqualTo(200);
        String token = login.text("accessToken");
        PlatformClient.Response started = client.post("/api/v1/admin/totp/enrolment", token, Map.of());
        assertThat(started.status()).as(started.toString()).isBetween(200, 201);
        String secret = started.text("secret");
        long step = stepAt(Instant.now());
        PlatformClient.Response confirmed = client.post("/api/v1/admin/totp/enrolment/confirmation", token,
                Map.of("code", code(secret, step)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().path("recoveryCodes").size()).as(confirmed.toString()).isEqualTo(10);
        Properties state = new Properties();
        state.setProperty("secret", secret);
        state.setProperty("last-used-step", Long.toString(step));
        store(state);
        return state;
    }

    /** The {@code amr} claim of a JWT, as JSON text (read, not verified: the services verify it). */
    static String amr(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return PlatformClient.JSON.readTree(payload).path("amr").toString();
    }

    private String code(String base32Secret, long step) {
        try {
            return generator.generateOneTimePasswordString(
                    new SecretKeySpec(new Base32().decode(base32Secret), generator.getAlgorithm()),
                    Instant.ofEpochSecond(step * STEP.toSeconds()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long stepAt(Instant instant) {
        return instant.getEpochSecond() / STEP.toSeconds();
    }

    /**
     * Sleeps until {@code step} is at most one step ahead: identity takes codes of the current step and its neighbours,
     * so the code of the step after the one enrolment used is taken at once, not up to 30 s later.
     */
    private static void awaitStep(long step) {
        long millis = (step - 1) * STEP.toMillis() - System.currentTimeMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis + 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private void store(Properties state) {
        try {
            Path next = stateFile.resolveSibling(STATE_FILE + ".next");
            try (Writer writer = Files.newBufferedWriter(next)) {
                state.store(writer, "TOTP of the bootstrap admin, written by the journeys' AdminLogin");
            }
            Files.move(next, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
