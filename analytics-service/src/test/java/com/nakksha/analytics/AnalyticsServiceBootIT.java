package com.nakksha.analytics;

import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@NakkshaServiceTest(schema = "analytics")
class AnalyticsServiceBootIT {

    @Autowired
    WebTestClient client;

    @Test
    void becomesReadyAgainstRealPostgresAndKafka() {
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void exportsPrometheusMetricsTaggedWithTheServiceName() {
        client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("application=\"analytics-service\"").contains("jvm_memory_used_bytes"));
    }

    @Test
    void migratesOutboxAndInboxIntoItsOwnSchema() throws Exception {
        try (Connection superuser = TestInfrastructure.superuserConnection();
             Statement sql = superuser.createStatement();
             ResultSet tables = sql.executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' ORDER BY table_name")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).contains("outbox_event", "inbox_event", "databasechangelog");
        }
    }
}
