package com.nakksha.booking;

import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import org.springframework.http.MediaType;

/** The dashboard needs an approved consultant's token; the public page needs none. */
class DashboardAccessIT extends AbstractBookingIT {

    @Test
    void dashboardPathsNeedAnApprovedConsultant() {
        web.get().uri("/api/v1/sessions").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/clients").headers(h -> h.setBearerAuth(TestTokens.consultant(UUID.randomUUID(), "PENDING_APPROVAL")))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.title").isEqualTo("Pending approval");
        web.get().uri("/api/v1/availability").headers(h -> h.setBearerAuth(TestTokens.consultant(UUID.randomUUID(), "SUSPENDED")))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth(TestTokens.admin(UUID.randomUUID())))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth("not-a-token")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void thePublicPageNeedsNoToken() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);

        web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug()).exchange().expectStatus().isOk();
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-01-07", consultant.slug())
                .exchange().expectStatus().isOk();
    }
}
