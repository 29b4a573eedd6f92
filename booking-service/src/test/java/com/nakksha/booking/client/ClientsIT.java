package com.nakksha.booking.client;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.testsupport.PublishedEvents;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.ClientCreated;
import com.nakksha.schemas.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ClientsIT extends AbstractBookingIT {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private TestConsultant consultant;
    private WebTestClient dashboard;
    private int sessionsCreated;

    @BeforeEach
    void consultant() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboard = dashboardOf(consultant);
    }

    @Test
    void createsReadsUpdatesAndDeactivatesAClientAndAnnouncesIt() {
        Map<String, Object> created = create(client("Kiran Shah", "Kiran@Example.com", "Pune", "India"))
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        UUID id = UUID.fromString((String) created.get("id"));

        assertThat(created).containsEntry("name", "Kiran Shah").containsEntry("email", "Kiran@Example.com")
                .containsEntry("active", true).containsEntry("totalSessions", 0).containsEntry("totalPaid", 0.0)
                .containsEntry("currency", "INR").containsEntry("phoneCountryCode", "+91");
        ClientCreated event = PublishedEvents.await(Topic.BOOKING_CLIENT, ClientCreated.class, e -> e.getClientId().equals(id));
        assertThat(event.getConsultantId()).isEqualTo(consultant.id());
        assertThat(event.getPhone()).isEqualTo("+91 9876501234");
        assertThat(event.getCity()).isEqualTo("Pune");

        create(client("Kiran Again", "KIRAN@example.COM", "Pune", "India")).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        Map<String, Object> update = client("Kiran S. Shah", "kiran.shah@example.com", "Mumbai", "India");
        dashboard.put().uri("/api/v1/clients/{id}", id).bodyValue(update).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Kiran S. Shah").jsonPath("$.city").isEqualTo("Mumbai");
        create(client("Other", "other@example.com", "Delhi", "India")).expectStatus().isCreated();
        dashboard.put().uri("/api/v1/clients/{id}", id).bodyValue(client("Kiran", "OTHER@example.com", "Mumbai", "India"))
                .exchange().expectStatus().isEqualTo(409);

        dashboard.delete().uri("/api/v1/clients/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(false);
        dashboard.get().uri("/api/v1/clients/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(false).jsonPath("$.email").isEqualTo("kiran.shah@example.com");
        dashboard.get().uri("/api/v1/clients?active=true").exchange().expectBody()
                .jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].email").isEqualTo("other@example.com");
        dashboard.put().uri("/api/v1/clients/{id}?active=true", id).bodyValue(update).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active").isEqualTo(true);
    }

    @Test
    void aManualSessionForADeactivatedClientIsRefusedUnlessItReactivatesThem() {
        UUID id = id(create(client("Ravi Menon", "ravi@example.com", "Kochi", "India")));
        dashboard.delete().uri("/api/v1/clients/{id}", id).exchange().expectStatus().isOk();
        Map<String, Object> body = session(id);

        dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("Ravi Menon").contains(id.toString()).contains("reactivateClient"));
        dashboard.get().uri("/api/v1/clients/{id}", id).exchange().expectBody()
                .jsonPath("$.active").isEqualTo(false).jsonPath("$.totalSessions").isEqualTo(0);

        body.put("reactivateClient", true);
        dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange().expectStatus().isCreated();
        dashboard.get().uri("/api/v1/clients/{id}", id).exchange().expectBody()
                .jsonPath("$.active").isEqualTo(true).jsonPath("$.totalSessions").isEqualTo(1);
    }

    @Test
    void filtersByTextPlaceActivitySessionsRevenueAndCreationDateWithPagesAndSorting() {
        UUID anil = id(create(client("Anil Kumar", "anil@example.com", "Bengaluru", "India")));
        UUID bela = id(create(client("Bela Roy", "bela@example.com", "Kolkata", "India")));
        UUID chen = id(create(client("Chen Li", "chen@example.org", "Singapore", "Singapore")));
        manualSession(anil, "2500.00", "PAID", "CASH");
        manualSession(anil, "1000.00", "PENDING", null);
        manualSession(bela, "700.50", "PAID", "UPI");

        assertThat(emails("/api/v1/clients?q=example.org")).containsExactly("chen@example.org");
        assertThat(emails("/api/v1/clients?q=9876501234&sort=name,asc")).containsExactly("anil@example.com", "bela@example.com",
                "chen@example.org");
        assertThat(emails("/api/v1/clients?city=BENGALURU")).containsExactly("anil@example.com");
        assertThat(emails("/api/v1/clients?country=india&sort=name,desc")).containsExactly("bela@example.com", "anil@example.com");
        assertThat(emails("/api/v1/clients?minSessions=2")).containsExactly("anil@example.com");
        assertThat(emails("/api/v1/clients?minSessions=1&maxSessions=1")).containsExactly("bela@example.com");
        assertThat(emails("/api/v1/clients?minPaid=700.50&maxPaid=2000&sort=totalPaid,desc")).containsExactly("bela@example.com");
        assertThat(emails("/api/v1/clients?minPaid=700&sort=totalPaid,desc")).containsExactly("anil@example.com", "bela@example.com");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(emails("/api/v1/clients?createdFrom=" + today + "&createdTo=" + today + "&sort=email,asc"))
                .containsExactly("anil@example.com", "bela@example.com", "chen@example.org");
        assertThat(emails("/api/v1/clients?createdTo=" + today.minusDays(1))).isEmpty();
        dashboard.get().uri("/api/v1/clients?size=2&page=1&sort=name,asc").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totalItems").isEqualTo(3)
                .jsonPath("$.totalPages").isEqualTo(2)
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].name").isEqualTo("Chen Li");
        dashboard.get().uri("/api/v1/clients/{id}", anil).exchange().expectBody()
                .jsonPath("$.totalSessions").isEqualTo(2).jsonPath("$.totalPaid").isEqualTo(2500.0);
        dashboard.get().uri("/api/v1/clients/{id}", chen).exchange().expectBody().jsonPath("$.totalSessions").isEqualTo(0);
        dashboard.get().uri("/api/v1/clients?sort=password").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
    }

    private void manualSession(UUID clientId, String amount, String paymentStatus, String method) {
        Map<String, Object> body = session(clientId);
        body.put("amount", amount);
        body.put("paymentStatus", paymentStatus);
        if (method != null) {
            body.put("paymentMethod", method);
        }
        dashboard.post().uri("/api/v1/sessions").bodyValue(body).exchange().expectStatus().isCreated();
    }

    private Map<String, Object> session(UUID clientId) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", clientId.toString());
        body.put("title", "Review");
        body.put("type", "PERSONAL");
        body.put("startsAt", Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10))
                .plus(Duration.ofHours(sessionsCreated++)).toString());
        body.put("durationMinutes", 30);
        body.put("amount", "100.00");
        body.put("platform", "MEET");
        return body;
    }

    private List<String> emails(String uri) {
        Map<String, Object> page = dashboard.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        return items.stream().map(item -> (String) item.get("email")).toList();
    }

    private WebTestClient.ResponseSpec create(Map<String, Object> body) {
        return dashboard.post().uri("/api/v1/clients").bodyValue(body).exchange();
    }

    private static UUID id(WebTestClient.ResponseSpec response) {
        return UUID.fromString((String) response.expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody().get("id"));
    }

    private static Map<String, Object> client(String name, String email, String city, String country) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("email", email);
        body.put("phoneCountryCode", "+91");
        body.put("phoneNumber", "9876501234");
        body.put("address", "12 MG Road");
        body.put("city", city);
        body.put("state", "State");
        body.put("country", country);
        return body;
    }
}
