package com.nakksha.analytics;

import java.time.Duration;
import java.util.UUID;

import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.TestTokens;

import static org.awaitility.Awaitility.await;

@AnalyticsServiceTest
class AnalyticsServiceBootIT extends ServiceBootContract {

    /** The fuzz starts admin rebuilds; RebuildIT, in the same database, must find none running when it starts its own. */
    @Override
    protected void afterTheApiFuzz() {
        String admin = TestTokens.admin(UUID.randomUUID());
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> !web.get()
                .uri("/api/v1/admin/analytics/rebuild").headers(headers -> headers.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody().contains("\"BUILDING\""));
    }
}
