package com.nakksha.booking.policy;

import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import com.nakksha.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

/** The consultant's client policy: defaults, validation, the approval gate and tenant isolation. */
class ClientPolicyIT extends AbstractBookingIT {

    @Test
    void aConsultantReadsTheDefaultsAndReplacesThemAndAnotherConsultantSeesOnlyTheirOwn() {
        TestConsultant a = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        TestConsultant b = TestConsultant.approved(web, "Asia/Kolkata", 90000L, null);

        dashboardOf(a).get().uri("/api/v1/booking-policy").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.minimumNoticeMinutes").isEqualTo(1440).jsonPath("$.maximumReschedules").isEqualTo(2)
                .jsonPath("$.refund").isEqualTo("FULL").jsonPath("$.refundPercent").doesNotExist();
        dashboardOf(a).put().uri("/api/v1/booking-policy").bodyValue(Map.of("minimumNoticeMinutes", 120,
                        "maximumReschedules", 0, "refund", "PERCENTAGE", "refundPercent", 25, "refundDeadlineMinutes", 2880))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.refundPercent").isEqualTo(25);
        dashboardOf(b).put().uri("/api/v1/booking-policy").bodyValue(Map.of("minimumNoticeMinutes", 0,
                "maximumReschedules", 9, "refund", "NONE")).exchange().expectStatus().isOk();

        dashboardOf(a).get().uri("/api/v1/booking-policy").exchange().expectBody()
                .jsonPath("$.minimumNoticeMinutes").isEqualTo(120).jsonPath("$.maximumReschedules").isEqualTo(0)
                .jsonPath("$.refund").isEqualTo("PERCENTAGE").jsonPath("$.refundDeadlineMinutes").isEqualTo(2880);
        dashboardOf(b).get().uri("/api/v1/booking-policy").exchange().expectBody()
                .jsonPath("$.refund").isEqualTo("NONE").jsonPath("$.maximumReschedules").isEqualTo(9);
    }

    @Test
    void anIncompleteOrOutOfRangePolicyIsRefusedNamingTheFieldsAndChangesNothing() {
        TestConsultant a = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);

        dashboardOf(a).put().uri("/api/v1/booking-policy").bodyValue(Map.of("minimumNoticeMinutes", 60,
                        "maximumReschedules", 1, "refund", "PERCENTAGE"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.errors[?(@.field == 'refundPercent')]").exists()
                .jsonPath("$.errors[?(@.field == 'refundDeadlineMinutes')]").exists();
        dashboardOf(a).put().uri("/api/v1/booking-policy").bodyValue(Map.of("minimumNoticeMinutes", -1,
                        "maximumReschedules", 1, "refund", "FULL", "refundPercent", 101))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'minimumNoticeMinutes')]").exists()
                .jsonPath("$.errors[?(@.field == 'refundPercent')]").exists();

        dashboardOf(a).get().uri("/api/v1/booking-policy").exchange().expectBody().jsonPath("$.refund").isEqualTo("FULL");
    }

    @Test
    void aConsultantPendingApprovalCannotSetAPolicy() {
        web.put().uri("/api/v1/booking-policy")
                .headers(h -> h.setBearerAuth(TestTokens.consultant(UUID.randomUUID(), "PENDING_APPROVAL")))
                .bodyValue(Map.of("minimumNoticeMinutes", 0, "maximumReschedules", 1, "refund", "NONE"))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/booking-policy").exchange().expectStatus().isUnauthorized();
    }
}
