package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * booking-service's manage-link routes: exactly a GET of the booking and POSTs of its cancel and reschedule reach
 * booking without a token, and the POST that confirms a free booking by its mailed link; nothing else under
 * {@code /api/v1/public/bookings/} is routed.
 */
class ManageRoutesIT extends GatewayTestSupport {

    private static final String LINK = "/api/v1/public/bookings/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    private static final String CONFIRM = "/api/v1/public/bookings/confirm-email";

    @Test
    void letsAClientViewCancelAndRescheduleWithTheLinkAloneAndRoutesNothingElse() {
        booking.stubFor(get(LINK).willReturn(okJson("{\"status\":\"PENDING\"}")));
        booking.stubFor(post(LINK + "/cancel").willReturn(okJson("{\"status\":\"CANCELLED\"}")));
        booking.stubFor(post(LINK + "/reschedule").willReturn(okJson("{\"status\":\"PENDING\"}")));

        client.get().uri(LINK).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PENDING");
        client.post().uri(LINK + "/cancel").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"ill\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        client.post().uri(LINK + "/reschedule").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"start\":\"2030-01-01T04:30:00Z\"}").exchange().expectStatus().isOk();

        booking.verify(getRequestedFor(urlEqualTo(LINK)).withHeader("Authorization", absent()));
        booking.verify(postRequestedFor(urlEqualTo(LINK + "/cancel")).withHeader("Authorization", absent()));
        booking.verify(postRequestedFor(urlEqualTo(LINK + "/reschedule")).withHeader("Authorization", absent()));
    }

    @Test
    void letsTheBookerOfAFreeBookingConfirmItWithTheMailedTokenAlone() {
        booking.stubFor(post(CONFIRM).willReturn(okJson("{\"status\":\"CONFIRMED\"}")));

        client.post().uri(CONFIRM).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"token\":\"v1.launcher.abc\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");

        booking.verify(postRequestedFor(urlEqualTo(CONFIRM)).withHeader("Authorization", absent()));
    }

    @Test
    void answersOtherMethodsAndPathsUnderTheLinkWith404WithoutReachingBooking() {
        booking.stubFor(any(anyUrl()).willReturn(okJson("{}")));

        client.delete().uri(LINK).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri(LINK + "/cancel").exchange().expectStatus().isNotFound();
        client.post().uri(LINK + "/refund").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isNotFound();
        client.get().uri("/api/v1/public/bookings").exchange().expectStatus().isNotFound();
        client.put().uri(CONFIRM).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isNotFound();

        booking.verify(0, anyRequestedFor(anyUrl()));
    }
}
