package com.nakksha.notification.mail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import com.nakksha.notification.AbstractNotificationIT;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Resend's delivery webhooks: signed over the raw bytes, updating the email log, suppressing bounced addresses. */
class ResendWebhookIT extends AbstractNotificationIT {

    private static final String PATH = "/api/v1/notifications/webhooks/resend";

    private final String messageId = "re-" + UUID.randomUUID();
    private final String address = "Bouncy." + UUID.randomUUID() + "@Example.test";

    @Test
    void aDeliveryMovesTheSentMailToDeliveredAndARedeliveryChangesNothingMore() {
        UUID mail = sent(address, messageId, "SESSION_CONFIRMED");
        byte[] body = event("email.delivered");

        post(body, sign(body)).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("applied");
        post(body, sign(body)).expectStatus().isOk();

        assertThat(status(mail)).isEqualTo("DELIVERED");
    }

    @Test
    void aBounceMarksTheMailAndOptionalMailToTheAddressIsSkippedWhileTransactionalMailStillGoes() {
        UUID mail = sent(address, messageId, "QUOTATION_VIEWED");
        byte[] body = event("email.bounced");

        post(body, sign(body)).expectStatus().isOk();

        assertThat(status(mail)).isEqualTo("BOUNCED");
        assertThat(database.sql("SELECT last_error FROM email_log WHERE id = :id").bind("id", mail)
                .map(row -> row.get("last_error", String.class)).one().block()).contains("Permanent").contains("mailbox does not exist");
        UUID optional = queued(address, "QUOTATION_VIEWED");
        UUID transactional = queued(address, "ACCOUNT_APPROVED");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SKIPPED".equals(status(optional)));
        assertThat(database.sql("SELECT skip_reason FROM email_log WHERE id = :id").bind("id", optional)
                .map(row -> row.get("skip_reason", String.class)).one().block()).contains("bounced");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(transactional)));
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void aForgedOrReplayedDeliveryIsRefusedAndChangesNothing() {
        UUID mail = sent(address, messageId, "SESSION_CONFIRMED");
        byte[] body = event("email.bounced");
        String[] genuine = sign(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("email.bounced", "email.delivered")
                .getBytes(StandardCharsets.UTF_8);

        post(tampered, genuine).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("svix-signature does not match the request body");
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        post(body, new String[] {genuine[0], stale, signature(genuine[0], stale, body)}).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("svix-timestamp is too far from now");
        web.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest();

        assertThat(status(mail)).isEqualTo("SENT");
        assertThat(database.sql("SELECT count(*) FROM suppressed_address WHERE address = :a").bind("a", address.toLowerCase())
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
    }

    private WebTestClient.ResponseSpec post(byte[] body, String[] headers) {
        return web.post().uri(PATH).contentType(MediaType.APPLICATION_JSON)
                .header("svix-id", headers[0]).header("svix-timestamp", headers[1]).header("svix-signature", headers[2])
                .bodyValue(body).exchange();
    }

    private byte[] event(String type) {
        return ("{\"type\":\"" + type + "\",\"created_at\":\"2031-01-01T00:00:00.000Z\",\"data\":{\"email_id\":\"" + messageId
                + "\",\"to\":[\"" + address + "\"],\"bounce\":{\"type\":\"Permanent\",\"message\":\"The mailbox does not exist\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String[] sign(byte[] body) {
        String id = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new String[] {id, timestamp, "v1,bm90LXRoaXMtb25l v1," + signature(id, timestamp, body)};
    }

    /** As Svix signs: HMAC-SHA256 with the secret's base64 key over id.timestamp.body. */
    private static String signature(String id, String timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(RESEND_WEBHOOK_SECRET.substring(6)), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(UUID id) {
        return database.sql("SELECT status FROM email_log WHERE id = :id").bind("id", id)
                .map(row -> row.get("status", String.class)).one().block();
    }

    private UUID sent(String recipient, String providerMessageId, String template) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        database.sql("""
                        INSERT INTO email_log (id, trigger_event_id, template, recipient, recipient_zone, model, status, attempts,
                            not_before, next_attempt_at, priority, subject, provider_message_id, created_at, sent_at, updated_at)
                        VALUES (:id, :trigger, :template, :recipient, 'Asia/Kolkata', :model, 'SENT', 1, :now, :now, :priority, 'Subject',
                            :messageId, :now, :now, :now)""")
                .bind("id", id).bind("trigger", UUID.randomUUID()).bind("template", template).bind("recipient", recipient)
                .bind("priority", (short) EmailTemplate.valueOf(template).urgency().rank())
                .bind("model", Json.of("{}")).bind("messageId", providerMessageId).bind("now", now)
                .fetch().rowsUpdated().block();
        return id;
    }

    /** A mail owed to the address now, as a feature records it; the running delivery job takes it. */
    private UUID queued(String recipient, String template) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        database.sql("""
                        INSERT INTO email_log (id, trigger_event_id, template, recipient, recipient_zone, model, status, attempts,
                            not_before, next_attempt_at, priority, created_at, updated_at)
                        VALUES (:id, :trigger, :template, :recipient, 'Asia/Kolkata', :model, 'QUEUED', 0, :now, :now, :priority, :now, :now)""")
                .bind("id", id).bind("trigger", UUID.randomUUID()).bind("template", template).bind("recipient", recipient)
                .bind("priority", (short) EmailTemplate.valueOf(template).urgency().rank())
                .bind("model", Json.of("{\"firstName\":\"Bo\",\"loginUrl\":\"http://localhost:8080/login\"}")).bind("now", now)
                .fetch().rowsUpdated().block();
        return id;
    }
}
