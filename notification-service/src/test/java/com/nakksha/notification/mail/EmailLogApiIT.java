package com.nakksha.notification.mail;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.testsupport.TestTokens;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The email-log API: a consultant's own entries only, filters and pages; an admin's view of all. */
class EmailLogApiIT extends AbstractNotificationIT {

    private final UUID asha = UUID.randomUUID();
    private final UUID ravi = UUID.randomUUID();

    @Test
    void aConsultantListsOnlyTheirOwnMailsNewestFirstInPages() {
        UUID first = logged(asha, "client1@example.test", "SESSION_CONFIRMED", "SENT", "2031-01-01T10:00:00Z");
        UUID second = logged(asha, "client2@example.test", "PAYMENT_RECEIPT", "SENT", "2031-01-02T10:00:00Z");
        UUID third = logged(asha, "client1@example.test", "SESSION_REMINDER", "SKIPPED", "2031-01-03T10:00:00Z");
        UUID others = logged(ravi, "client1@example.test", "SESSION_CONFIRMED", "SENT", "2031-01-04T10:00:00Z");
        logged(null, "admin@nakksha.local", "CONSULTANT_AWAITING_APPROVAL", "SENT", "2031-01-05T10:00:00Z");

        as(asha).get().uri("/api/v1/email-logs?size=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(3)
                .jsonPath("$.totalPages").isEqualTo(2)
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].id").isEqualTo(third.toString())
                .jsonPath("$.items[0].status").isEqualTo("SKIPPED")
                .jsonPath("$.items[0].skipReason").isEqualTo("test reason")
                .jsonPath("$.items[1].id").isEqualTo(second.toString())
                .jsonPath("$.items[0].model").doesNotExist();
        as(asha).get().uri("/api/v1/email-logs?size=2&page=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(first.toString());
        as(ravi).get().uri("/api/v1/email-logs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalItems").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(others.toString());
    }

    @Test
    void filtersNarrowTheConsultantsList() {
        UUID confirmed = logged(asha, "Meera@Example.test", "SESSION_CONFIRMED", "SENT", "2031-02-01T10:00:00Z");
        logged(asha, "other@example.test", "SESSION_CONFIRMED", "FAILED", "2031-02-02T10:00:00Z");
        UUID receipt = logged(asha, "meera@example.test", "PAYMENT_RECEIPT", "SENT", "2031-02-03T10:00:00Z");

        as(asha).get().uri("/api/v1/email-logs?status=SENT&template=SESSION_CONFIRMED").exchange()
                .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(confirmed.toString());
        as(asha).get().uri("/api/v1/email-logs?recipient=MEERA&sort=createdAt,asc").exchange()
                .expectBody().jsonPath("$.totalItems").isEqualTo(2)
                .jsonPath("$.items[0].id").isEqualTo(confirmed.toString())
                .jsonPath("$.items[1].id").isEqualTo(receipt.toString());
        as(asha).get().uri("/api/v1/email-logs?from=2031-02-02T00:00:00Z&to=2031-02-03T00:00:00Z").exchange()
                .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].status").isEqualTo("FAILED");
        as(asha).get().uri("/api/v1/email-logs?recipient=%25").exchange()
                .expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    @Test
    void anotherConsultantsEntryIsNotFoundAndTheirOwnIs() {
        UUID ravisMail = logged(ravi, "secret.client@example.test", "SESSION_CONFIRMED", "SENT", "2031-03-01T10:00:00Z");

        as(asha).get().uri("/api/v1/email-logs/{id}", ravisMail).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat(detail.toString())
                        .doesNotContain("secret.client"));
        as(ravi).get().uri("/api/v1/email-logs/{id}", ravisMail).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.recipient").isEqualTo("secret.client@example.test");
    }

    @Test
    void anAdminListsEveryonesMailsAndAConsultantCannot() {
        UUID ashas = logged(asha, "a@example.test", "SESSION_CONFIRMED", "SENT", "2031-04-01T10:00:00Z");
        UUID platform = logged(null, "admin@nakksha.local", "CONSULTANT_AWAITING_APPROVAL", "SENT", "2031-04-02T10:00:00Z");
        WebTestClient admin = web.mutate().defaultHeaders(h -> h.setBearerAuth(TestTokens.admin(UUID.randomUUID()))).build();

        admin.get().uri("/api/v1/notifications/admin/email-logs?consultantId={id}", asha).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(ashas.toString());
        admin.get().uri("/api/v1/notifications/admin/email-logs?from=2031-04-02T00:00:00Z&to=2031-04-03T00:00:00Z"
                        + "&template=CONSULTANT_AWAITING_APPROVAL").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].id").isEqualTo(platform.toString());
        admin.get().uri("/api/v1/notifications/admin/email-logs/{id}", platform).exchange().expectStatus().isOk();
        as(asha).get().uri("/api/v1/notifications/admin/email-logs").exchange().expectStatus().isForbidden();
        admin.get().uri("/api/v1/email-logs").exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/email-logs").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        as(asha).get().uri("/api/v1/email-logs?status=LOST").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat(detail.toString()).contains("status"));
        as(asha).get().uri("/api/v1/email-logs?size=101").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat(detail.toString()).contains("size"));
        as(asha).get().uri("/api/v1/email-logs?sort=model").exchange().expectStatus().isBadRequest();
        as(asha).get().uri("/api/v1/email-logs?from=2031-01-02T00:00:00Z&to=2031-01-01T00:00:00Z").exchange()
                .expectStatus().isBadRequest();
    }

    private WebTestClient as(UUID consultant) {
        return web.mutate().defaultHeaders(h -> h.setBearerAuth(TestTokens.approvedConsultant(consultant))).build();
    }

    /** A finished entry as the delivery job leaves it (never QUEUED, so the running job leaves it alone). */
    private UUID logged(UUID consultant, String recipient, String template, String status, String createdAt) {
        UUID id = UUID.randomUUID();
        OffsetDateTime created = OffsetDateTime.ofInstant(Instant.parse(createdAt), ZoneOffset.UTC);
        database.sql("""
                        INSERT INTO email_log (id, trigger_event_id, template, recipient, consultant_id, recipient_zone, model,
                            status, attempts, not_before, next_attempt_at, priority, subject, skip_reason, last_error, created_at, sent_at,
                            updated_at)
                        VALUES (:id, :trigger, :template, :recipient, :consultant, 'Asia/Kolkata', :model, :status, 1, :created,
                            :created, :priority, 'Subject', :skip, :error, :created, :sent, :created)""")
                .bind("id", id).bind("trigger", UUID.randomUUID()).bind("template", template).bind("recipient", recipient)
                .bind("priority", (short) EmailTemplate.valueOf(template).urgency().rank())
                .bind("consultant", Parameter.fromOrEmpty(consultant, UUID.class))
                .bind("model", Json.of("{\"sessionId\":\"" + UUID.randomUUID() + "\"}"))
                .bind("status", status).bind("created", created)
                .bind("skip", Parameter.fromOrEmpty("SKIPPED".equals(status) ? "test reason" : null, String.class))
                .bind("error", Parameter.fromOrEmpty("FAILED".equals(status) ? "SMTP refused" : null, String.class))
                .bind("sent", Parameter.fromOrEmpty("SENT".equals(status) ? created : null, OffsetDateTime.class))
                .fetch().rowsUpdated().block();
        return id;
    }
}
