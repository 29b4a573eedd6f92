package com.nakksha.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every quotation path reaches quotation-service's route (down in these tests, so the route answers its
 * 503 problem naming quotation-service) with the auth it needs: the share link's view, accept and reject
 * without a token, every dashboard path only with one. The journey in deploy/local drives them against
 * the running service.
 */
class QuotationRoutesIT extends GatewayTestSupport {

    private static final String TOKEN = "kJ3x0q9VbC8Zr2mN5tY7uW1aS4dF6gH8jK0lP2oI4uE";

    @Test
    void theShareLinkIsPublic() {
        expectQuotationService(client.get().uri("/api/v1/public/quotations/{token}", TOKEN).exchange());
        expectQuotationService(client.post().uri("/api/v1/public/quotations/{token}/accept", TOKEN).exchange());
        expectQuotationService(client.post().uri("/api/v1/public/quotations/{token}/reject", TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"Over budget\"}").exchange());
    }

    @Test
    void everyDashboardPathNeedsAToken() {
        String id = "0b6f2a8e-1d3c-4e5f-9a7b-2c4d6e8f0a1b";
        for (String[] call : new String[][] {
                {"GET", "/api/v1/quotations"}, {"POST", "/api/v1/quotations"}, {"GET", "/api/v1/quotations/totals"},
                {"GET", "/api/v1/quotations/" + id}, {"PUT", "/api/v1/quotations/" + id},
                {"POST", "/api/v1/quotations/" + id + "/send"}, {"POST", "/api/v1/quotations/" + id + "/duplicate"},
                {"POST", "/api/v1/quotations/" + id + "/withdraw"}, {"GET", "/api/v1/quotations/" + id + "/pdf"}}) {
            HttpMethod method = HttpMethod.valueOf(call[0]);
            client.method(method).uri(call[1]).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            expectQuotationService(client.method(method).uri(call[1]).header("Authorization", consultantToken()).exchange());
        }
    }

    private static void expectQuotationService(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.service").isEqualTo("quotation-service");
    }
}
