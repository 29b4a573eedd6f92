package com.nakksha.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.nakksha.observability.ExpectedMeters;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import com.nakksha.testsupport.fuzz.FuzzReport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.util.ClassUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every service must do once booted: be ready against real Postgres and Kafka, export
 * metrics (from start-up, every one the dashboards and alert rules query of it), own its tables
 * in its own schema, and be unable to read any other service's schema;
 * and what it must refuse: to start outside the local profile with its committed defaults, and
 * hostile input to any operation of its API with anything but a 4xx problem (issue 14).
 * A service's boot test extends this and carries {@link NakkshaServiceTest}.
 */
public abstract class ServiceBootContract {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBootContract.class);
    private static final String NEIGHBOUR = "neighbour";
    private static final int SCRAPE_LIMIT_BYTES = 16 * 1024 * 1024;

    @Autowired
    protected WebTestClient web;

    @Value("${spring.application.name}")
    private String applicationName;

    @Value("${spring.r2dbc.username}")
    private String role;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private StartupScrape startup;

    @Autowired
    private Environment environment;

    @Test
    void refusesToStartOutsideTheLocalProfileWithItsCommittedDefaults() throws Exception {
        Class<?> application = context.getBeansWithAnnotation(SpringBootApplication.class).values().stream()
                .map(ClassUtils::getUserClass).findFirst().orElseThrow();
        // An empty data directory: a launcher's secrets file near the build must not supply a generated password.
        Path noLauncherData = Files.createTempDirectory("no-launcher-data");
        SpringApplicationBuilder deployed = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .profiles("production").properties("NAKKSHA_DATA_DIR=" + noLauncherData);

        assertThatThrownBy(deployed::run)
                .hasMessageContaining("Refusing to start outside the local profile")
                .hasMessageContaining("spring.r2dbc.password");
    }

    @Test
    void becomesReadyAgainstRealPostgresAndKafka() {
        Readiness.awaitUp(web);
    }

    /**
     * Issue 15: no request opens an HTTP session; the service's session manager refuses one (edge-contract's
     * NoHttpSessions), so a request that asked for one would be answered 500. Spring Security's request cache asked
     * on every request, and WebFlux made each session off the request's thread. An anonymous request for a
     * consultant's path passes the whole security chain to its 401; one for the health endpoint reaches its handler.
     */
    @Test
    void answersThroughItsSecurityChainWithoutOpeningAnHttpSession() {
        web.get().uri("/api/v1/consultant-only/anything").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist("Set-Cookie");
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Set-Cookie");
    }

    @Test
    void exportsPrometheusMetricsTaggedWithTheServiceName() {
        assertThat(scrape())
                .contains("application=\"" + applicationName + "\"")
                .contains("nakksha_outbox_backlog");
    }

    /**
     * Issue 12: every metric the Grafana dashboards and the Prometheus alert rules query of this service is
     * in its scrape, Nakksha's own meters from start-up (with each listener topic's consumer counters),
     * so an alert on their increase, or on their absence, means what it says.
     */
    @Test
    void exportsEveryMetricTheDashboardsAndAlertRulesQueryOfIt() throws Exception {
        ExpectedMeters.Service service = ExpectedMeters.Service.of(applicationName);
        List<String> topics = listenerTopics();
        assertThat(service.serviceDefaults()).as("%s is built on service-defaults", applicationName).isTrue();
        assertThat(service.kafkaListeners()).as("%s has listeners, as its sources say", applicationName).isEqualTo(!topics.isEmpty());
        // A first request makes the HTTP server's timer, as any probe does on a deployed service.
        Readiness.awaitUp(web);

        startup.assertExportsWhatTheMonitoringFilesQuery(service, this::scrape, topics);
    }

    private List<String> listenerTopics() {
        List<String> topics = new ArrayList<>();
        context.getBeanProvider(KafkaListenerEndpointRegistry.class).ifAvailable(registry -> registry.getListenerContainers()
                .forEach(container -> topics.addAll(Arrays.asList(container.getContainerProperties().getTopics()))));
        return topics;
    }

    private String scrape() {
        // The boot test shares its context with the service's other tests, whose requests add meters:
        // the scrape outgrows the client's default 256 KiB buffer.
        return web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(SCRAPE_LIMIT_BYTES)).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /**
     * Issue 14: seeded hostile values in every field of every operation its OpenAPI document lists (see
     * {@link ApiFuzzer}) answer 2xx or a 4xx {@code application/problem+json}, never a 5xx or no answer. The
     * report, with the seed to repeat a run, goes to the log.
     */
    @Test
    void answersHostileInputToEveryOperationWithAProblemNeverAServerError() {
        FuzzReport report = apiFuzzer(ApiFuzzer.of(web, environment)).run();
        LOG.info("{}", report);
        afterTheApiFuzz();
        report.assertNoFindings();
    }

    /**
     * Runs once the fuzz has sent its last request, before its findings are asserted: a service whose operations
     * start background work (analytics' admin rebuild) waits here for it to end, so its other tests, which share
     * the database, do not find it running.
     */
    protected void afterTheApiFuzz() {
    }

    /**
     * The fuzzer this service's API is tried with; a service whose endpoints accept only tokens it signed itself
     * gives it those ({@link ApiFuzzer#withTokens}).
     */
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        return signedByTestTokens;
    }

    @Test
    void publishesItsOpenApiDocumentForTheGatewaysSwaggerUi() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.openapi").exists();
    }

    @Test
    void migratesOutboxAndInboxIntoItsOwnSchema() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection superuser = TestInfrastructure.superuserConnection();
             Statement sql = superuser.createStatement();
             ResultSet result = sql.executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + role + "'")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        assertThat(tables).contains("outbox_event", "outbox_published", "outbox_event_history", "inbox_event", "databasechangelog");
    }

    @Test
    void itsDatabaseRoleCannotReadAnotherServicesSchema() throws SQLException {
        TestInfrastructure.DatabaseAccess neighbour = TestInfrastructure.provision(NEIGHBOUR);
        try (Connection owner = DriverManager.getConnection(neighbour.jdbcUrl(), neighbour.username(), neighbour.password());
             Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS " + NEIGHBOUR + ".private_data (secret text)");
        }
        TestInfrastructure.DatabaseAccess own = TestInfrastructure.provision(role);
        try (Connection service = DriverManager.getConnection(own.jdbcUrl(), own.username(), own.password());
             Statement sql = service.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM " + NEIGHBOUR + ".private_data"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("CREATE TABLE " + NEIGHBOUR + ".planted (x int)"))
                    .hasMessageContaining("permission denied");
        }
    }
}
