package com.nakksha.local.services;

import com.nakksha.defaults.connection.ServiceConnectionDefaults;
import com.nakksha.local.LocalStack;
import com.nakksha.local.PlatformService;
import com.nakksha.local.postgres.DatabaseEndpoint;
import com.nakksha.local.postgres.PlatformDatabase;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.secrets.LocalSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the launcher hands a service is what the service derives by itself from its name
 * (service-defaults' {@link ServiceConnectionDefaults}), password aside: a service started from an
 * IDE next to the launcher's stack finds the same database, role, schema and broker.
 */
class ServiceLauncherTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(value = PlatformService.class, names = {"GATEWAY", "RAZORPAY_SIMULATOR"}, mode = EnumSource.Mode.EXCLUDE)
    void passesTheConnectionSettingsAServiceDerivesFromItsName(PlatformService service) {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key);

        Map<String, String> environment = launcher.environment(service);
        Map<String, Object> derived = ServiceConnectionDefaults.derive(service.module(), Optional.empty());

        assertThat(service.schema()).contains(ServiceConnectionDefaults.schemaOf(service.module()));
        assertThat(environment)
                .containsEntry("SPRING_R2DBC_URL", (String) derived.get("spring.r2dbc.url"))
                .containsEntry("SPRING_R2DBC_USERNAME", (String) derived.get("spring.r2dbc.username"))
                .containsEntry("SPRING_LIQUIBASE_URL", (String) derived.get("spring.liquibase.url"))
                .containsEntry("SPRING_LIQUIBASE_DEFAULT_SCHEMA", (String) derived.get("spring.liquibase.default-schema"))
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", (String) derived.get("spring.kafka.bootstrap-servers"))
                .containsEntry("SPRING_R2DBC_PASSWORD", "generated-" + service.schema().orElseThrow() + ".password");
    }

    @ParameterizedTest
    @EnumSource(value = PlatformService.class, names = {"GATEWAY", "RAZORPAY_SIMULATOR"}, mode = EnumSource.Mode.EXCLUDE)
    void aServiceStartedOnItsOwnReadsTheRolePasswordTheLauncherGenerated(PlatformService service) {
        String key = service.schema().orElseThrow() + ".password";
        LocalSecrets secrets = LocalSecrets.loadOrCreate(dataDir.resolve("secrets.properties"), List.of(key));

        Optional<Path> found = ServiceConnectionDefaults.findSecrets(Optional.of(dataDir.toString()), Path.of(""));

        assertThat(ServiceConnectionDefaults.derive(service.module(), found))
                .containsEntry("spring.r2dbc.password", secrets.get(key));
    }

    @org.junit.jupiter.api.Test
    void givesEveryServiceTheExtraVariablesButKeepsItsOwnSettings() {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key, Map.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://127.0.0.1:4318/v1/traces",
                        "SERVER_PORT", "1"), JvmProfile.FAST_START);

        for (PlatformService service : PlatformService.values()) {
            assertThat(launcher.environment(service))
                    .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://127.0.0.1:4318/v1/traces")
                    .containsEntry("SERVER_PORT", String.valueOf(service.port()));
        }
    }

    @org.junit.jupiter.api.Test
    void pollsTheGatewaysReadinessOnItsManagementPortWhichItStartsItOn() {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key);

        assertThat(launcher.environment(PlatformService.GATEWAY))
                .containsEntry("SERVER_PORT", "8080")
                .containsEntry("MANAGEMENT_SERVER_PORT", "8180");
        assertThat(ReadinessWatch.readinessUri(PlatformService.GATEWAY)).hasToString("http://localhost:8180/actuator/health/readiness");
        assertThat(ReadinessWatch.readinessUri(PlatformService.BOOKING)).hasToString("http://localhost:8082/actuator/health/readiness");
    }

    @org.junit.jupiter.api.Test
    void notificationSendsToTheMailCatcherAndOpensLinksWithTheKeyIdentitySealsThemWith() {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key);

        Map<String, String> notification = launcher.environment(PlatformService.NOTIFICATION);
        Map<String, String> identity = launcher.environment(PlatformService.IDENTITY);

        assertThat(notification).containsEntry("SPRING_MAIL_HOST", "127.0.0.1").containsEntry("SPRING_MAIL_PORT", "3025");
        assertThat(notification.get("SPRING_APPLICATION_JSON"))
                .contains("\"nakksha.notification.link-token-keys.launcher\":\"generated-link-token.key\"");
        assertThat(identity.get("SPRING_APPLICATION_JSON"))
                .contains("\"nakksha.identity.link-tokens.keys.launcher\":\"generated-link-token.key\"");
    }

    @Test
    void givesPaymentServiceAndTheSimulatorTheSameRazorpayCredentialsAndPointsThemAtEachOther() throws Exception {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key);
        JsonMapper json = JsonMapper.builder().build();

        JsonNode payment = json.readTree(launcher.environment(PlatformService.PAYMENT).get("SPRING_APPLICATION_JSON"));
        JsonNode simulator = json.readTree(launcher.environment(PlatformService.RAZORPAY_SIMULATOR).get("SPRING_APPLICATION_JSON"));

        for (String name : List.of("key-id", "key-secret", "webhook-secret")) {
            assertThat(payment.path("nakksha.payment.razorpay." + name).asString()).isEqualTo("generated-razorpay." + name);
            assertThat(simulator.path("nakksha.razorpay-simulator." + name).asString()).isEqualTo("generated-razorpay." + name);
        }
        assertThat(payment.path("nakksha.payment.razorpay.base-url").asString()).isEqualTo("http://localhost:8090");
        assertThat(simulator.path("nakksha.razorpay-simulator.webhook-url").asString())
                .isEqualTo("http://localhost:8080/api/v1/payments/webhooks/razorpay");
        assertThat(launcher.environment(PlatformService.RAZORPAY_SIMULATOR)).containsEntry("SERVER_PORT", "8090");
        assertThat(ServiceLauncher.jarOf(dataDir, PlatformService.RAZORPAY_SIMULATOR))
                .isEqualTo(dataDir.resolve("deploy/razorpay-simulator/target/razorpay-simulator.jar"));
    }

    @Test
    void bookingTagsCapabilitiesWithTheKeyPaymentRecognisesAndSealsThemWithTheKeyNotificationOpens() throws Exception {
        DatabaseEndpoint embedded = new DatabaseEndpoint("localhost", LocalStack.POSTGRES_PORT, PlatformDatabase.NAME);
        ServiceLauncher launcher = new ServiceLauncher(dataDir, dataDir, JavaRuntime.current(), embedded,
                key -> "generated-" + key);
        JsonMapper json = JsonMapper.builder().build();

        JsonNode booking = json.readTree(launcher.environment(PlatformService.BOOKING).get("SPRING_APPLICATION_JSON"));
        JsonNode payment = json.readTree(launcher.environment(PlatformService.PAYMENT).get("SPRING_APPLICATION_JSON"));

        assertThat(booking.path("nakksha.booking.payment-capability.tag-key").asString())
                .isEqualTo("generated-payment-capability-tag.key")
                .isEqualTo(payment.path("nakksha.payment.checkout.capability-tag-keys[0]").asString());
        assertThat(booking.path("nakksha.booking.payment-capability.seal-key-id").asString()).isEqualTo("launcher");
        assertThat(booking.path("nakksha.booking.payment-capability.seal-key").asString()).isEqualTo("generated-link-token.key");
        assertThat(launcher.environment(PlatformService.NOTIFICATION).get("SPRING_APPLICATION_JSON"))
                .contains("\"nakksha.notification.link-token-keys.launcher\":\"generated-link-token.key\"");
    }
}
