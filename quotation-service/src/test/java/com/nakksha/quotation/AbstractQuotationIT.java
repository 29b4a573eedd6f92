package com.nakksha.quotation;

import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.QuotationSent;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.testsupport.ServiceIT;
import com.nakksha.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The running service on a random port with its real Postgres schema and a real Kafka broker; all
 * integration tests share one application context.
 */
@QuotationServiceTest
public abstract class AbstractQuotationIT extends ServiceIT {

    protected static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };


    /** A client calling the dashboard API as this consultant. */
    protected WebTestClient dashboardOf(UUID consultantId) {
        return web.mutate().defaultHeaders(headers -> headers.setBearerAuth(TestTokens.approvedConsultant(consultantId))).build();
    }

    /** A person's browser opening the share link. */
    protected WebTestClient browser(String address) {
        return web.mutate().defaultHeaders(headers -> {
            headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
            headers.set("X-Forwarded-For", address);
        }).build();
    }

    /** A draft body for a client by name and email; {@code changes} override or add fields. */
    protected static Map<String, Object> draft(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "clientName", "Ravi Kumar",
                "clientEmail", "ravi@example.in",
                "name", "Website redesign",
                "description", "Five pages and a blog",
                "baseAmount", "1500.00",
                "discountPercentage", "10"));
        body.putAll(changes);
        return body;
    }

    protected Map<String, Object> create(UUID consultantId, Map<String, Object> body) {
        return dashboardOf(consultantId).post().uri("/api/v1/quotations")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    protected UUID createId(UUID consultantId, Map<String, Object> body) {
        return UUID.fromString((String) create(consultantId, body).get("id"));
    }

    /** Sends the quotation and returns the share token from the QuotationSent event, as the mail would carry it. */
    protected String send(UUID consultantId, UUID quotationId) {
        dashboardOf(consultantId).post().uri("/api/v1/quotations/{id}/send", quotationId)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .exchange().expectStatus().isOk();
        QuotationSent sent = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationSent.class,
                event -> event.getQuotationId().equals(quotationId));
        String url = sent.getShareUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A quotation of a new consultant, sent; returns the consultant, the quotation and the token. */
    protected Shared shared() {
        UUID consultantId = UUID.randomUUID();
        UUID id = createId(consultantId, draft(Map.of()));
        return new Shared(consultantId, id, send(consultantId, id));
    }

    protected record Shared(UUID consultantId, UUID quotationId, String token) {
    }

    protected String statusOf(UUID quotationId) {
        return database.sql("SELECT status FROM quotation WHERE id = :id").bind("id", quotationId)
                .map(row -> row.get("status", String.class)).one().block();
    }

    protected long count(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    /** Booking announces a client of the consultant; waits until the replica has it. */
    protected UUID announceClient(UUID consultantId, String name, String email) {
        UUID clientId = UUID.randomUUID();
        send(Topic.BOOKING_CLIENT, clientId.toString(), ClientCreated.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultantId)
                .setClientId(clientId).setName(name).setEmail(email).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM client WHERE id = '" + clientId + "'") == 1);
        return clientId;
    }

    /** Identity announces the consultant's profile; waits until the replica has this version. */
    protected void announceProfile(UUID consultantId, String firstName, String lastName, long version) {
        send(Topic.IDENTITY_CONSULTANT, consultantId.toString(), ConsultantProfileUpdated.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultantId)
                .setSlug("c-" + consultantId.toString().substring(0, 13)).setFirstName(firstName).setLastName(lastName)
                .setCurrency("INR").setTimezone("Asia/Kolkata").setProfileVersion(version)
                .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM consultant_profile WHERE consultant_id = '"
                + consultantId + "' AND profile_version = " + version) == 1);
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
