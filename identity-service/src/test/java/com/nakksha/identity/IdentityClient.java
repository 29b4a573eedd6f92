package com.nakksha.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.identity.emaillink.LinkTokenProperties;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.schemas.serde.AvroEventCodec;

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

    private final WebTestClient web;
    private final DatabaseClient database;
    private final LinkTokenProperties linkTokens;
    private final String address;

    public IdentityClient(WebTestClient web, DatabaseClient database, LinkTokenProperties linkTokens) {
        this.web = web;
        this.database = database;
        this.linkTokens = linkTokens;
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
                        SELECT payload FROM outbox_event
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

    public Map<String, Object> adminLogin() {
        return json(post("/api/v1/auth/admin/login", Map.of("email", ROOT_ADMIN_EMAIL, "password", ROOT_ADMIN_PASSWORD))
                .exchange().expectStatus().isOk());
    }

    public String adminToken() {
        return (String) adminLogin().get("accessToken");
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

    public record Account(UUID id, String email, String accessToken, String refreshToken) {
    }
}
