package com.nakksha.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request that the route's own limits let hang ends at the gateway's deadline
 * ({@code nakksha.gateway.deadline.answer-within}, 2 s here): with a 504 problem while nothing of its
 * answer was sent, by a closed connection once it was, and either way logged and counted. The route's
 * 5 s response timeout covers a service that is slow to begin its answer, not one whose body stalls or
 * trickles: without the deadline, the answer below (a few bytes every 100 ms) reached the client as a 200 after
 * the service's full 60 s (the circuit breaker's 10 s time limiter does not cover the body either). The log
 * line says how far the request got, so that a cut-off tells where it was held.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnswerDeadlineIT extends GatewayTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Well below the 60 s the stalled answer takes, with room for a slow machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @DynamicPropertySource
    static void shortDeadline(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.deadline.answer-within", () -> DEADLINE.toMillis() + "ms");
    }

    @Test
    void aRequestWithNoAnswerByTheDeadlineGetsA504Problem(CapturedOutput output) throws Exception {
        booking.stubFor(get("/api/v1/public/consultants/slow-start/slots").willReturn(okJson("[]").withFixedDelay(4_000)));

        HttpResponse<String> response = http.send(request("/api/v1/public/consultants/slow-start/slots"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.parse(response.body()).read("$.title", String.class)).isEqualTo("Gateway timeout");
        assertThat(cutOff("booking-public", false)).isEqualTo(1.0);
        assertThat(output.getOut()).contains("/slow-start/slots (route booking-public) not answered after",
                "sent to the service, no answer from it; cut off");
    }

    @Test
    void anAnswerThatStallsMidwayHasItsConnectionClosedAtTheDeadline(CapturedOutput output) {
        booking.stubFor(get("/api/v1/public/consultants/slow-body/slots").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[" + "\"2100-01-01T09:00:00Z\",".repeat(200) + "\"end\"]")
                .withChunkedDribbleDelay(600, 60_000)));
        long started = System.nanoTime();

        assertThatThrownBy(() -> http.send(request("/api/v1/public/consultants/slow-body/slots"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        assertThat(cutOff("booking-public", true)).isEqualTo(1.0);
        assertThat(output.getOut()).contains("although its answer had begun, the service answered 200, its body not passed on in full");
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private double cutOff(String route, boolean answerBegun) {
        String scrape = management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return scrape.lines()
                .filter(line -> line.startsWith("nakksha_gateway_requests_cut_off_total{"))
                .filter(line -> line.contains("route=\"" + route + "\"") && line.contains("answer_begun=\"" + answerBegun + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
