package com.nakksha.gateway;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the gateway gives before any route (its URL firewall, the request-line limit, CORS) are
 * problem details with the security headers and a request id like every other answer. Sent with a
 * plain HTTP client, so the paths reach the gateway exactly as written.
 */
class GatewayOwnErrorsIT extends GatewayTestSupport {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/public/consultants/100%25",
            "/api/v1/public/consultants/asha%00rao",
            "/api/v1/public/consultants/..%2fadmin",
            "/api/v1/public/%2e%2e/admin/consultants",
            "/api/v1/public/consultants/%2F%2Fevil"})
    void refusesAPathTheFirewallRejectsWithA400Problem(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());

        expectProblem(response, 400);
        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesTraceWithA405Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/public/consultants/asha-rao"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));

        expectProblem(response, 405);
        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAUriOverEightKilobytesWithA414Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/public/consultants/" + "a".repeat(9000))).GET());

        DocumentContext problem = expectProblem(response, 414);
        assertThat(problem.read("$.maxLength", Integer.class)).isEqualTo(8192);
        booking.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAPreflightFromAnotherOriginWithA403Problem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/sessions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));

        DocumentContext problem = expectProblem(response, 403);
        assertThat(problem.read("$.detail", String.class)).contains("https://evil.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static DocumentContext expectProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().allValues("X-Request-Id")).hasSize(1);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        DocumentContext problem = JsonPath.parse(response.body());
        assertThat(problem.read("$.status", Integer.class)).isEqualTo(status);
        assertThat(problem.read("$.title", String.class)).isNotBlank();
        assertThat(problem.read("$.detail", String.class)).isNotBlank();
        return problem;
    }
}
