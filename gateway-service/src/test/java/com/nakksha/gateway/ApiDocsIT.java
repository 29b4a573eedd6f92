package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** One Swagger UI at the gateway listing every service's OpenAPI document, fetched through the routes. */
class ApiDocsIT extends GatewayTestSupport {

    @Test
    void servesTheSwaggerUiWithoutToken() {
        String location = client.get().uri("/swagger-ui.html").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(String.class).getResponseHeaders().getLocation().toString();

        client.get().uri(location).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page).contains("swagger-ui"));
    }

    @Test
    void listsEveryServicesDocumentInTheUi() {
        client.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.urls[*].name").isEqualTo(List.of("analytics", "booking", "identity", "notification", "payment", "quotation"))
                .jsonPath("$.urls[?(@.name == 'identity')].url").isEqualTo(List.of("/v3/api-docs/identity"));
    }

    @Test
    void fetchesAServicesDocumentThroughItsRoute() {
        identity.stubFor(get("/v3/api-docs").willReturn(okJson("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"identity-service\"}}")));
        booking.stubFor(get("/v3/api-docs").willReturn(okJson("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"booking-service\"}}")));

        client.get().uri("/v3/api-docs/identity").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.info.title").isEqualTo("identity-service");
        client.get().uri("/v3/api-docs/booking").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.info.title").isEqualTo("booking-service");
        client.get().uri("/v3/api-docs/quotation").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.service").isEqualTo("quotation-service");

        identity.verify(getRequestedFor(urlEqualTo("/v3/api-docs")));
    }
}
