package com.nakksha.gateway;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, traces: the gateway passes the W3C trace context on to the routed service, in a span of its own. */
class GatewayTracingIT extends GatewayTestSupport {

    private static final String BOOKINGS = "/api/v1/public/consultants/asha-rao/bookings";

    @Test
    void continuesTheCallersTraceToTheRoutedService() {
        booking.stubFor(post(BOOKINGS).willReturn(okJson("{}").withStatus(201)));
        String traceId = hex(16);
        String callerSpanId = hex(8);

        client.post().uri(BOOKINGS).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .exchange()
                .expectStatus().isCreated();

        String forwarded = forwardedTraceparent();
        assertThat(forwarded).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(forwarded.split("-")[2]).as("the gateway's own span, a child of the caller's").isNotEqualTo(callerSpanId);
    }

    @Test
    void startsATraceForARequestThatCameWithout() {
        booking.stubFor(post(BOOKINGS).willReturn(okJson("{}").withStatus(201)));

        client.post().uri(BOOKINGS).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isCreated();

        assertThat(forwardedTraceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    private static String forwardedTraceparent() {
        List<LoggedRequest> received = booking.findAll(postRequestedFor(urlEqualTo(BOOKINGS)));
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().getHeaders().getHeader("traceparent").values()).as("traceparent headers booking received").hasSize(1);
        return received.getFirst().getHeader("traceparent");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
