package com.nakksha.gateway;

import java.util.List;

import com.nakksha.observability.ExpectedMeters;
import com.nakksha.testsupport.StartupScrape;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

/**
 * Issue 12 for the gateway (which has no service boot contract, having no database): every metric the
 * dashboards and alert rules query of it is in its management port's scrape, its own meters (the rate
 * limiter's uncounted requests per group) from start-up, the per-route timer once a request was routed.
 */
class GatewayMetersIT extends GatewayTestSupport {

    private static final int SCRAPE_LIMIT_BYTES = 16 * 1024 * 1024;

    @Autowired
    StartupScrape startup;

    @Test
    void exportsEveryMetricTheDashboardsAndAlertRulesQueryOfIt() throws Exception {
        payment.stubFor(get("/api/v1/payments").willReturn(okJson("[]")));
        client.get().uri("/api/v1/payments").header("Authorization", consultantToken()).exchange().expectStatus().isOk();

        startup.assertExportsWhatTheMonitoringFilesQuery(ExpectedMeters.Service.of("gateway-service"), () -> management().mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(SCRAPE_LIMIT_BYTES)).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), List.of());
    }
}
