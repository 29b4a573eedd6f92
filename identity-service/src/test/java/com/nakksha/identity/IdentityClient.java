package com.nakksha.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.totp.TotpAuthenticator;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.TestClock;
import org.apache.commons.codec.binary.Base32;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Drives the service over HTTP as the web apps do. Each instance pretends to be one client
 * address (X-Forwarded-For), so tests do not share login-throttling counters.
 */
public final class IdentityClient {

    public static final String ROOT_ADMIN_EMAIL = "root-admin@nakksha.test";
    public static final String ROOT_ADMIN_PASSWORD = "Slow-Tide-Harbour-Lamp-42";
    public static final String PASSWORD = "Quiet-Mango-Orbit-7731";
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static Authenticator rootAuthenticator;
    private static String rootAccessToken;
    private static Instant rootAccessTokenAt;

    private final WebTestClient web;
    private final DatabaseClient database;
    private final LinkTokenProperties linkTokens;
    private final TestClock clock;
    private final String address;

    /** @param clock the service's clock, which the authenticators move to a code's time step instead of waiting for it */
    public IdentityClient(WebTestClient web, DatabaseClient database, LinkTokenProperties linkTokens, TestClock clock) {
        this.web = web;
        this.database = database;
        this.linkTokens = linkTokens;
        this.clock = clock;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public String address() {
        return address;
    }

    public static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
    }

    public WebTestClient.RequestHeadersSpec<?> post(String path, Object body) {
        return web.post().uri(path).header("X-Forwarded-For", address).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    public WebTestClient.RequestHeadersSpec<?> post(String path, Object body, String token) {
        return web.post().uri(path).header("X-Forwarded-For", address).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    public WebTestClient.RequestHeadersSpec<?> put(String path, Object body, String token) {
        return web.put().uri(path).header("X-Forwarded-For", address).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    /** A JSON merge patch ({@code application/merge-patch+json}). */
    public WebTestClient.RequestHeadersSpec<?> mergePatch(String path, String json, String token) {
        return web.patch().uri(path).header("X-Forwarded-For", address).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.parseMediaType("application/merge-patch+json")).bodyValue(json);
    }

    public WebTestClient.RequestHeadersSpec<?> get(String path, String token, Object... uriVariables) {
        return web.get().uri(path, uriVariables).header("X-Forwarded-For", address).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        });
    }

    public static Map<String, Object> json(WebTestClient.ResponseSpec response) {
        return response.expectBody(JSON).returnResult().getResponseBody();
    }

    public UUID signUp(String email, String firstName, String lastName) {
        Map<String, Object> body = json(post("/api/v1/auth/signup", Map.of(
                "email", email, "password", PASSWORD, "firstName", firstName, "lastName", lastName, "phoneNumber", "9876543210"))
                .exchange().expectStatus().isCreated());
        return UUID.fromString((String) body.get("consultantId"));
    }

    /**
     * The newest link token of this purpose, recovered as notification-service would: from the
     * event in the outbox, opened with the shared link-token key.
     */
    public String linkToken(UUID consultantId, String purpose) {
        byte[] payload = database.sql("""
                        SELECT payload FROM outbox_event_history
                        WHERE message_key = :key AND event_type = 'com.nakksha.events.ConsultantEmailLinkRequested'
                        ORDER BY id DESC""")
                .bind("key", consultantId.toString())
                .map(row -> row.get("payload", byte[].class))
                .all()
                .map(bytes -> new AvroEventCodec().decode(bytes, ConsultantEmailLinkRequested.class))
                .filter(event -> event.getPurpose().name().equals(purpose))
                .map(event -> openSealedToken(event))
                .blockFirst();
        assertThat(payload).as("link token for %s", consultantId).isNotNull();
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The newest sign-in link token mailed to the consultant, recovered from the outbox as {@link #linkToken} does. */
    public String loginLinkToken(UUID consultantId) {
        byte[] payload = database.sql("""
                        SELECT payload FROM outbox_event_history
                        WHERE message_key = :key AND event_type = 'com.nakksha.events.ConsultantLoginLinkRequested'
                        ORDER BY id DESC""")
                .bind("key", consultantId.toString())
                .map(row -> row.get("payload", byte[].class))
                .all()
                .map(bytes -> new AvroEventCodec().decode(bytes, ConsultantLoginLinkRequested.class))
                .map(event -> {
                    Map<String, byte[]> keys = new LinkedHashMap<>();
                    linkTokens.keys().forEach((id, key) -> keys.put(id, Base64.getDecoder().decode(key)));
                    return new DataEncryption(linkTokens.activeKeyId(), keys).open(event.getSealedToken(), "LOGIN_LINK:" + event.getConsultantId());
                })
                .blockFirst();
        assertThat(payload).as("sign-in link token for %s", consultantId).isNotNull();
        return new String(payload, StandardCharsets.UTF_8);
    }

    public byte[] openSealedToken(ConsultantEmailLinkRequested event) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        linkTokens.keys().forEach((id, key) -> keys.put(id, Base64.getDecoder().decode(key)));
        return new DataEncryption(linkTokens.activeKeyId(), keys)
                .open(event.getSealedToken(), event.getPurpose().name() + ":" + event.getConsultantId());
    }

    public void verify(UUID consultantId) {
        post("/api/v1/auth/verify-email", Map.of("token", linkToken(consultantId, "EMAIL_VERIFICATION")))
                .exchange().expectStatus().isNoContent();
    }

    public Map<String, Object> login(String email, String password) {
        return json(post("/api/v1/auth/login", Map.of("email", email, "password", password)).exchange().expectStatus().isOk());
    }

    /**
     * The root admin's login with password and authentication code. The first call in a test JVM enrols
     * a fresh TOTP secret for the root admin (forgetting any from an earlier run), as an operator would.
     */
    public Map<String, Object> adminLogin() {
        synchronized (IdentityClient.class) {
            if (rootAuthenticator == null) {
                database.sql("""
                                UPDATE admin_account SET totp_secret_sealed = NULL, totp_pending_secret_sealed = NULL,
                                    totp_enabled_at = NULL, totp_last_used_step = NULL
                                WHERE lower(email) = :email""")
                        .bind("email", ROOT_ADMIN_EMAIL).fetch().rowsUpdated().block();
                String enrolOnly = (String) json(post("/api/v1/auth/admin/login", Map.of("email", ROOT_ADMIN_EMAIL, "password", ROOT_ADMIN_PASSWORD))
                        .exchange().expectStatus().isOk()).get("accessToken");
                rootAuthenticator = enrol(enrolOnly);
            }
            return json(post("/api/v1/auth/admin/login", Map.of("email", ROOT_ADMIN_EMAIL, "password", ROOT_ADMIN_PASSWORD,
                    "totpCode", rootAuthenticator.on(clock).nextCode())).exchange().expectStatus().isOk());
        }
    }

    /** An access token of the root admin with a second factor, reused while it has minutes left (codes work once). */
    public String adminToken() {
        synchronized (IdentityClient.class) {
            if (rootAccessToken == null || rootAccessTokenAt.isBefore(Instant.now().minus(Duration.ofMinutes(10)))) {
                rootAccessToken = (String) adminLogin().get("accessToken");
                rootAccessTokenAt = Instant.now();
            }
            return rootAccessToken;
        }
    }

    /** A current authentication code of the root admin not used before: the fresh second factor some admin actions need. */
    public String rootAdminCode() {
        adminToken();
        return rootAuthenticator.on(clock).nextCode();
    }

    /** Enrols a second factor with a password-only admin token; the authenticator makes its codes. */
    public Authenticator enrol(String enrolOnlyToken) {
        var enrolment = json(post("/api/v1/admin/totp/enrolment", Map.of(), enrolOnlyToken).exchange().expectStatus().isOk());
        byte[] secret = new Base32().decode((String) enrolment.get("secret"));
        Authenticator authenticator = new Authenticator(secret, clock, new AtomicLong(Long.MIN_VALUE), new ArrayList<>());
        var confirmed = json(post("/api/v1/admin/totp/enrolment/confirmation", Map.of("code", authenticator.nextCode()), enrolOnlyToken)
                .exchange().expectStatus().isOk());
        @SuppressWarnings("unchecked")
        List<String> recoveryCodes = (List<String>) confirmed.get("recoveryCodes");
        authenticator.recoveryCodes.addAll(recoveryCodes);
        return authenticator;
    }

    /**
     * An authenticator app: each code it hands out is for a later time step than the last one, as the
     * service accepts each step once. When that step is more than the service's one step of drift ahead
     * of the service's clock, it moves the clock forward to it: real time would take up to 30 s per code.
     */
    public static final class Authenticator {
        private final byte[] secret;
        private final TestClock clock;
        /** Shared by every view of one secret ({@link #on}): the service remembers the last step per account, not per clock. */
        private final AtomicLong lastStep;
        private final List<String> recoveryCodes;
        private final TotpAuthenticator totp = new TotpAuthenticator();

        private Authenticator(byte[] secret, TestClock clock, AtomicLong lastStep, List<String> recoveryCodes) {
            this.secret = secret;
            this.clock = clock;
            this.lastStep = lastStep;
            this.recoveryCodes = recoveryCodes;
        }

        /** The same authenticator against another service's clock (the root admin's is shared by every test class). */
        Authenticator on(TestClock otherClock) {
            return new Authenticator(secret, otherClock, lastStep, recoveryCodes);
        }

        public String nextCode() {
            synchronized (lastStep) {
                Instant now = clock.instant();
                long step = Math.max(lastStep.get() + 1, TotpAuthenticator.stepAt(now));
                // The service accepts one step of drift either way: its clock need only reach the step before.
                Instant acceptedFrom = Instant.ofEpochSecond((step - 1) * TotpAuthenticator.STEP.toSeconds());
                if (now.isBefore(acceptedFrom)) {
                    clock.advance(Duration.between(now, acceptedFrom));
                }
                lastStep.set(step);
                return totp.codeAt(secret, Instant.ofEpochSecond(step * TotpAuthenticator.STEP.toSeconds()));
            }
        }

        public List<String> recoveryCodes() {
            return List.copyOf(recoveryCodes);
        }
    }

    /** A consultant who signed up and verified the email; still pending approval. */
    public Account verifiedConsultant(String firstName) {
        String email = uniqueEmail(firstName.toLowerCase());
        UUID id = signUp(email, firstName, "Tester");
        verify(id);
        Map<String, Object> tokens = login(email, PASSWORD);
        return new Account(id, email, (String) tokens.get("accessToken"), (String) tokens.get("refreshToken"));
    }

    public Account approvedConsultant(String firstName) {
        Account account = verifiedConsultant(firstName);
        post("/api/v1/admin/consultants/" + account.id() + "/approve", Map.of(), adminToken()).exchange().expectStatus().isOk();
        Map<String, Object> refreshed = refresh(account.refreshToken());
        return new Account(account.id(), account.email(), (String) refreshed.get("accessToken"), (String) refreshed.get("refreshToken"));
    }

    public Map<String, Object> refresh(String refreshToken) {
        return json(post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken)).exchange().expectStatus().isOk());
    }

    /** Runs {@code count} requests at once, each on its own thread, and answers their results in order. */
    public static <T> List<T> parallel(int count, IntFunction<T> request) {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<T>> futures = IntStream.range(0, count)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return request.apply(i);
                    }, threads))
                    .toList();
            start.countDown();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }

    public record Account(UUID id, String email, String accessToken, String refreshToken) {
    }
}
