package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * notification-service's routes (it is not running in these tests, so a routed request answers the
 * circuit breaker's 503 naming it): Resend's webhook is the one exact POST without a token; the email
 * log, preferences and the admin's email log need one and go to notification-service, not identity.
 */
class NotificationRoutesIT extends GatewayTestSupport {

    @Test
    void resendsWebhookReachesNotificationServiceWithoutAToken() {
        client.post().uri("/api/v1/notifications/webhooks/resend").contentType(MediaType.APPLICATION_JSON)
                .header("svix-id", "msg_1").header("svix-timestamp", "1").header("svix-signature", "v1,AA==")
                .bodyValue("{}")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("notification-service");
        client.get().uri("/api/v1/notifications/webhooks/resend").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/notifications/webhooks/resend/replay").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theEmailLogAndPreferencesNeedATokenAndGoToNotificationService() {
        client.get().uri("/api/v1/email-logs").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/notifications/preferences").exchange().expectStatus().isUnauthorized();

        client.get().uri("/api/v1/email-logs?status=SENT").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("notification-service");
        client.get().uri("/api/v1/notifications/admin/email-logs").header("Authorization", consultantToken()).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("notification-service");
        identity.verify(0, anyRequestedFor(anyUrl()));
    }
}
