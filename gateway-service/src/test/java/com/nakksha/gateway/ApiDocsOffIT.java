package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** With {@code nakksha.gateway.api-docs.enabled=false} neither the Swagger UI nor any service's document is served. */
class ApiDocsOffIT extends GatewayTestSupport {

    @DynamicPropertySource
    static void apiDocsOff(DynamicPropertyRegistry registry) {
        registry.add("nakksha.gateway.api-docs.enabled", () -> "false");
    }

    @Test
    void servesNoApiDocsWhenTurnedOff() {
        identity.stubFor(get("/v3/api-docs").willReturn(okJson("{\"openapi\":\"3.1.0\"}")));

        client.get().uri("/v3/api-docs/identity").exchange().expectStatus().isNotFound();
        client.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isNotFound();
        client.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
        client.get().uri("/swagger-ui.html").exchange().expectStatus().isNotFound();
        client.get().uri("/swagger-ui/index.html").exchange().expectStatus().isNotFound();

        identity.verify(0, anyRequestedFor(urlEqualTo("/v3/api-docs")));
    }
}
