package com.nakksha.booking.client;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A quotation accepted by someone who is not yet a client puts them in the consultant's client list (issue 9). */
class AcceptedQuotationClientsIT extends AbstractBookingIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private WebTestClient dashboard;

    @BeforeEach
    void consultant() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboard = dashboardOf(consultant);
    }

    @Test
    void aNewNameAndEmailBecomeAClientOnceEvenWhenTheEventComesTwice() {
        QuotationAccepted accepted = accepted(null, "Meera Nair", "Meera.Nair@Example.in");
        TestConsultant.send(Topic.QUOTATION_QUOTATION, accepted.getQuotationId().toString(), accepted);
        TestConsultant.send(Topic.QUOTATION_QUOTATION, accepted.getQuotationId().toString(), accepted);

        await().atMost(Duration.ofSeconds(30)).until(() -> clients().size() == 1);
        Map<String, Object> client = clients().getFirst();
        assertThat(client).containsEntry("name", "Meera Nair").containsEntry("email", "Meera.Nair@Example.in")
                .containsEntry("active", true);
        UUID clientId = UUID.fromString((String) client.get("id"));
        ClientCreated created = PublishedEvents.await(Topic.BOOKING_CLIENT, ClientCreated.class, e -> e.getClientId().equals(clientId));
        assertThat(created.getConsultantId()).isEqualTo(consultant.id());
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.BOOKING_CLIENT, ClientCreated.class,
                e -> e.getConsultantId().equals(consultant.id()))).hasSize(1);
        assertThat(clients()).hasSize(1);
    }

    @Test
    void anEmailTheConsultantAlreadyHasInAnyCaseIsMatchedNotDuplicated() {
        UUID existing = createClient("Meera N.", "meera.nair@example.in");
        QuotationAccepted accepted = accepted(null, "Meera Nair", "MEERA.NAIR@example.IN");
        TestConsultant.send(Topic.QUOTATION_QUOTATION, accepted.getQuotationId().toString(), accepted);

        awaitHandled(accepted);
        assertThat(clients()).singleElement().satisfies(client -> assertThat(client)
                .containsEntry("id", existing.toString()).containsEntry("name", "Meera N."));
    }

    @Test
    void aQuotationForAnExistingClientAddsNoOne() {
        UUID existing = createClient("Dev Patel", "dev@example.in");
        QuotationAccepted accepted = accepted(existing, "Dev Patel", "dev.old-address@example.in");
        TestConsultant.send(Topic.QUOTATION_QUOTATION, accepted.getQuotationId().toString(), accepted);

        awaitHandled(accepted);
        assertThat(clients()).extracting(client -> client.get("id")).containsExactly(existing.toString());
    }

    @Test
    void theClientJoinsOnlyTheAcceptingConsultantsList() {
        TestConsultant other = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        QuotationAccepted accepted = accepted(null, "Ira Sen", "ira@example.in");
        TestConsultant.send(Topic.QUOTATION_QUOTATION, accepted.getQuotationId().toString(), accepted);

        await().atMost(Duration.ofSeconds(30)).until(() -> clients().size() == 1);
        dashboardOf(other).get().uri("/api/v1/clients").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalItems").isEqualTo(0);
    }

    private QuotationAccepted accepted(UUID clientId, String name, String email) {
        return QuotationAccepted.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(consultant.id()).setQuotationId(UUID.randomUUID())
                .setAmountMinor(135_000L).setCurrency("INR")
                .setClientId(clientId).setClientName(name).setClientEmail(email).setTitle("Website redesign")
                .setPaymentCapabilityHash("a".repeat(64))
                .build();
    }

    private void awaitHandled(QuotationAccepted accepted) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM inbox_event WHERE consumer = '"
                + QuotationEventsListener.CONSUMER + "' AND event_id = '" + accepted.getEventId() + "'") == 1);
    }

    private UUID createClient(String name, String email) {
        Map<String, Object> created = dashboard.post().uri("/api/v1/clients")
                .bodyValue(Map.of("name", name, "email", email)).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return UUID.fromString((String) created.get("id"));
    }

    private List<Map<String, Object>> clients() {
        Map<String, Object> page = dashboard.get().uri("/api/v1/clients").exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        return items;
    }
}
