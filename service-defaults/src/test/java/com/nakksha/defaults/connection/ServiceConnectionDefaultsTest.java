package com.nakksha.defaults.connection;

import com.nakksha.defaults.ServiceDefaultsEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceConnectionDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void aServiceOwnsTheSchemaAndRoleNamedAfterIt() {
        assertThat(ServiceConnectionDefaults.schemaOf("booking-service")).isEqualTo("booking");
        assertThat(ServiceConnectionDefaults.schemaOf("Identity-Service")).isEqualTo("identity");
        assertThat(ServiceConnectionDefaults.schemaOf("gift-card-service")).isEqualTo("gift_card");
        assertThat(ServiceConnectionDefaults.schemaOf("reports")).isEqualTo("reports");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceConnectionDefaults.schemaOf("-service"))
                .withMessageContaining("-service");
    }

    @Test
    void pointsAtTheLaunchersPostgresAndBrokerWithTheSchemaNameAsPasswordWhenNoLauncherRan() {
        Map<String, Object> properties = ServiceConnectionDefaults.derive("payment-service", Optional.empty());

        assertThat(properties).containsEntry("spring.r2dbc.url", "r2dbc:postgresql://localhost:15432/nakksha")
                .containsEntry("spring.r2dbc.username", "payment")
                .containsEntry("spring.r2dbc.password", "payment")
                .containsEntry("spring.liquibase.url", "jdbc:postgresql://localhost:15432/nakksha")
                .containsEntry("spring.liquibase.default-schema", "payment")
                .containsEntry("spring.kafka.bootstrap-servers", "localhost:9092");
    }

    @Test
    void takesTheRolePasswordTheLauncherGeneratedFromTheNearestDataDirectory() throws IOException {
        Path module = Files.createDirectories(dir.resolve("repo/booking-service"));
        writeSecrets(dir.resolve("repo/.nakksha-data"), "booking.password=s3cret-booking\nidentity.password=other\n");

        Optional<Path> secrets = ServiceConnectionDefaults.findSecrets(Optional.empty(), module);

        assertThat(secrets).contains(dir.resolve("repo/.nakksha-data/secrets.properties"));
        assertThat(ServiceConnectionDefaults.derive("booking-service", secrets))
                .containsEntry("spring.r2dbc.password", "s3cret-booking");
        assertThat(ServiceConnectionDefaults.derive("payment-service", secrets))
                .as("a role the secrets file does not know falls back to its name")
                .containsEntry("spring.r2dbc.password", "payment");
    }

    @Test
    void aDataDirectoryNamedLikeTheLaunchersOptionWinsOverTheSearch() throws IOException {
        writeSecrets(dir.resolve(".nakksha-data"), "booking.password=found-by-search\n");
        writeSecrets(dir.resolve("elsewhere"), "booking.password=named\n");

        assertThat(ServiceConnectionDefaults.findSecrets(Optional.of("elsewhere"), dir))
                .contains(dir.resolve("elsewhere/secrets.properties"));
        assertThat(ServiceConnectionDefaults.findSecrets(Optional.of("missing"), dir)).isEmpty();
    }

    @Test
    void everyDerivedSettingYieldsToTheServicesOwnConfigurationAndTheLaunchersEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("launcher", Map.of(
                "SPRING_R2DBC_URL", "r2dbc:postgresql://db:5432/nakksha",
                "SPRING_R2DBC_PASSWORD", "from-launcher")));
        environment.getPropertySources().addLast(new MapPropertySource("application.yaml", Map.of(
                "spring.application.name", "booking-service",
                "spring.kafka.bootstrap-servers", "broker:29092")));

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://db:5432/nakksha");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("broker:29092");
        assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("booking");
        assertThat(environment.getProperty("spring.liquibase.default-schema")).isEqualTo("booking");
        assertThat(environment.getProperty("spring.liquibase.user")).isEqualTo("booking");
        assertThat(environment.getProperty("spring.liquibase.password"))
                .as("Liquibase logs in as whatever role the R2DBC settings name")
                .isEqualTo("from-launcher");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
    }

    @Test
    void derivesNothingForAnApplicationWithoutAName() {
        StandardEnvironment environment = new StandardEnvironment();

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains("nakksha-connection-defaults")).isFalse();
    }

    private static void writeSecrets(Path dataDir, String content) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("secrets.properties"), content);
    }
}
