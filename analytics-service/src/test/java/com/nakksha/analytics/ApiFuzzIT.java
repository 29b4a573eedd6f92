package com.nakksha.analytics;

import java.time.Duration;

import com.nakksha.testsupport.fuzz.ApiFuzzer;
import com.nakksha.testsupport.fuzz.FuzzReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.awaitility.Awaitility.await;

/** Issue 14: hostile values in every field of every operation of analytics's API answer 2xx or a 4xx problem, never 5xx. */
class ApiFuzzIT extends AbstractAnalyticsIT {

    @Autowired
    private Environment environment;

    @Test
    void everyOperationAnswersHostileInputWithAProblemNotAServerError() {
        FuzzReport report = ApiFuzzer.of(web, environment).run();
        System.out.println(report);
        // The fuzz starts admin rebuilds; the context's other tests (RebuildIT starts its own) must find none running.
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> !admin().get()
                .uri("/api/v1/admin/analytics/rebuild").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody().contains("\"BUILDING\""));
        report.assertNoFindings();
    }
}
