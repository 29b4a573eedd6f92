package com.nakksha.booking.publicpage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.BookingServiceTest;
import com.nakksha.booking.TestConsultant;
import com.nakksha.events.SessionBooked;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.tokens.TokenSeal;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody holds a consultant's calendar with unpaid (or free, unconfirmed) bookings: live holds are capped per
 * email, per client address and per consultant (small limits here, so that each is reached in a few bookings).
 */
@TestPropertySource(properties = {
        "nakksha.booking.hold-limits.per-email=2",
        "nakksha.booking.hold-limits.per-client-address=3",
        "nakksha.booking.hold-limits.per-consultant=4"})
class HoldLimitsIT extends AbstractBookingIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private TestConsultant consultant;
    private LocalDate day;

    @BeforeEach
    void consultantOpenFromNineToFive() {
        consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboardOf(consultant).put().uri("/api/v1/availability")
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00")).exchange().expectStatus().isOk();
        day = LocalDate.now(KOLKATA).plusDays(5);
    }

    @Test
    void oneEmailHoldsAtMostItsLimitWhateverAddressItBooksFrom() {
        String email = unique("hoarder");
        book(9, email, address()).expectStatus().isCreated();
        book(10, email, address()).expectStatus().isCreated();

        refused(book(11, email.toUpperCase(), address()), "email");
        assertThat(count("SELECT count(*) FROM client WHERE consultant_id = '" + consultant.id() + "'"))
                .as("the refused booking added no client").isEqualTo(1);
        book(11, unique("someone-else"), address()).expectStatus().isCreated();
    }

    @Test
    void aRetryOfABookingTheEmailsLimitWouldNowRefuseGetsItsFirstAnswer() {
        String email = unique("retrier");
        book(9, email, address()).expectStatus().isCreated();
        String key = UUID.randomUUID().toString();
        Map<?, ?> first = book(10, email, address(), key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        refused(book(11, email, address()), "email");

        Map<?, ?> retried = book(10, email, address(), key).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(retried).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM session WHERE consultant_id = '" + consultant.id() + "'")).isEqualTo(2);
    }

    @Test
    void oneAddressHoldsAtMostItsLimitAndAnIpv6ClientIsCountedByItsSlash64() {
        String network = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":7:";
        book(9, unique("a"), network + ":1").expectStatus().isCreated();
        book(10, unique("b"), network + "aaaa:bbbb:cccc:2").expectStatus().isCreated();
        book(11, unique("c"), network + "ffff:0:0:3").expectStatus().isCreated();

        refused(book(12, unique("d"), network + "1234:5678:9abc:def0"), "client address");
        book(12, unique("d"), address()).expectStatus().isCreated();
    }

    @Test
    void aConsultantsCalendarHoldsAtMostItsLimitUntilHoldsRunOut() {
        for (int hour = 9; hour < 13; hour++) {
            book(hour, unique("client"), address()).expectStatus().isCreated();
        }

        refused(book(13, unique("client"), address()), "consultant");

        clock.advance(Duration.ofMinutes(16));
        book(13, unique("client"), address()).expectStatus().isCreated();
    }

    @Test
    void anEmailsAndAnAddresssHoldsCountAtEveryConsultantButAnotherConsultantsHoldsDoNot() {
        TestConsultant other = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        dashboardOf(other).put().uri("/api/v1/availability")
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00")).exchange().expectStatus().isOk();
        String email = unique("wanderer");
        String address = address();
        book(other, 9, email, address).expectStatus().isCreated();
        book(other, 10, unique("neighbour"), address).expectStatus().isCreated();

        book(9, email, address()).expectStatus().isCreated();
        refused(book(10, email, address()), "email");
        book(10, unique("client"), address).expectStatus().isCreated();
        refused(book(11, unique("client"), address), "client address");

        book(11, unique("client"), address()).expectStatus().isCreated();
        book(12, unique("client"), address()).expectStatus().isCreated();
        refused(book(13, unique("client"), address()), "consultant");
        book(other, 11, unique("client"), address()).expectStatus().isCreated();
    }

    @Test
    void unconfirmedFreeBookingsCountLikeUnpaidOnesUntilTheirBookerConfirms() {
        TestConsultant free = TestConsultant.approved(web, "Asia/Kolkata", 0L, null);
        dashboardOf(free).put().uri("/api/v1/availability")
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00")).exchange().expectStatus().isOk();
        String email = unique("free-hoarder");
        UUID first = sessionId(book(free, 9, email, address()));
        book(free, 10, email, address()).expectStatus().isCreated();

        refused(book(free, 11, email, address()), "email");

        String sealed = PublishedEvents.await(Topic.BOOKING_SESSION, SessionBooked.class,
                event -> event.getSessionId().equals(first)).getSealedEmailConfirmationToken();
        String token = TokenSeal.open(Map.of("test", Base64.getDecoder().decode(BookingServiceTest.CAPABILITY_SEAL_KEY)),
                sealed, "CONFIRM_EMAIL:" + first);
        web.post().uri("/api/v1/public/bookings/confirm-email").bodyValue(Map.of("token", token)).exchange()
                .expectStatus().isOk();
        book(free, 11, email, address()).expectStatus().isCreated();
    }

    private static UUID sessionId(WebTestClient.ResponseSpec response) {
        Map<?, ?> body = response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) body.get("sessionId"));
    }

    private void refused(WebTestClient.ResponseSpec answer, String limit) {
        answer.expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "900")
                .expectBody()
                .jsonPath("$.title").isEqualTo("Too many unpaid bookings")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("for this " + limit));
    }

    private WebTestClient.ResponseSpec book(int hour, String email, String address) {
        return book(consultant, hour, email, address);
    }

    private WebTestClient.ResponseSpec book(int hour, String email, String address, String idempotencyKey) {
        return book(consultant, hour, email, address, idempotencyKey);
    }

    private WebTestClient.ResponseSpec book(TestConsultant consultant, int hour, String email, String address) {
        return book(consultant, hour, email, address, UUID.randomUUID().toString());
    }

    private WebTestClient.ResponseSpec book(TestConsultant consultant, int hour, String email, String address,
                                            String idempotencyKey) {
        Instant start = day.atTime(LocalTime.of(hour, 0)).atZone(KOLKATA).toInstant();
        return web.post().uri("/api/v1/public/consultants/{slug}/bookings", consultant.slug())
                .header("X-Forwarded-For", address)
                .header("Idempotency-Key", idempotencyKey)
                .bodyValue(Map.of("start", start.toString(), "type", "PERSONAL", "name", "Client", "email", email))
                .exchange();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@example.com";
    }

    /** A random IPv4 address, so that no other test shares its count. */
    private static String address() {
        int n = (int) (Math.random() * (1 << 16));
        return "198.51." + (n >> 8) + "." + (n & 0xff);
    }
}
