package com.nakksha.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nakksha.local.services.JvmProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchSettingsTest {

    final Path workingDir = Path.of("").toAbsolutePath();

    @Test
    void defaultsToDataDirBesideTheWorkingDirectoryAndThreeMinutes() {
        LaunchSettings settings = LaunchSettings.parse(List.of(), Map.of(), workingDir);

        assertThat(settings.dataDir()).isEqualTo(workingDir.resolve(".nakksha-data"));
        assertThat(settings.readinessTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.externalPostgres()).isEmpty();
        assertThat(settings.servicesToStart()).containsExactly(PlatformService.values());
        assertThat(settings.repoRoot().resolve("deploy/local/pom.xml")).exists();
        assertThat(settings.jvmProfile()).isEqualTo(JvmProfile.FAST_START);
        assertThat(settings.classDataArchives()).isTrue();
    }

    @Test
    void startsTheServicesWithoutClassDataArchivesWhenAskedTo() {
        assertThat(LaunchSettings.parse(List.of("--no-class-data"), Map.of(), workingDir).classDataArchives()).isFalse();
    }

    @Test
    void runsTheServicesWithTheProductionJitWhenAskedTo() {
        assertThat(LaunchSettings.parse(List.of("--jvm", "production"), Map.of(), workingDir).jvmProfile())
                .isEqualTo(JvmProfile.PRODUCTION);
        assertThat(LaunchSettings.parse(List.of(), Map.of("NAKKSHA_JVM", "production"), workingDir).jvmProfile())
                .isEqualTo(JvmProfile.PRODUCTION);
        assertThat(LaunchSettings.parse(List.of("--jvm", "fast-start"), Map.of("NAKKSHA_JVM", "production"), workingDir).jvmProfile())
                .isEqualTo(JvmProfile.FAST_START);
        assertThat(JvmProfile.PRODUCTION.options()).noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"));
        assertThat(JvmProfile.FAST_START.options()).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void optionsWinOverEnvironment() {
        LaunchSettings settings = LaunchSettings.parse(
                List.of("--data-dir", "/tmp/elsewhere", "--timeout", "30", "--without", "booking-service,payment"),
                Map.of("NAKKSHA_DATA_DIR", "/tmp/from-env", "NAKKSHA_READY_TIMEOUT", "99", "NAKKSHA_WITHOUT", "analytics"),
                workingDir);

        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/elsewhere"));
        assertThat(settings.readinessTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.leftOut()).containsExactlyInAnyOrder(
                PlatformService.BOOKING, PlatformService.PAYMENT, PlatformService.ANALYTICS);
        assertThat(settings.servicesToStart()).doesNotContain(PlatformService.BOOKING, PlatformService.PAYMENT);
    }

    @Test
    void readsAnExistingPostgresServerFromTheEnvironmentWithoutShowingItsPassword() {
        LaunchSettings settings = LaunchSettings.parse(List.of(), Map.of(
                "NAKKSHA_POSTGRES_URL", "jdbc:postgresql://db.local:5433/postgres",
                "NAKKSHA_POSTGRES_USER", "admin",
                "NAKKSHA_POSTGRES_PASSWORD", "s3cret"), workingDir);

        assertThat(settings.externalPostgres()).hasValueSatisfying(postgres -> {
            assertThat(postgres.user()).isEqualTo("admin");
            assertThat(postgres.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void namesTheOptionItCannotUse() {
        assertThatThrownBy(() -> LaunchSettings.parse(List.of("--timeout", "soon"), Map.of(), workingDir))
                .hasMessageContaining("--timeout");
        assertThatThrownBy(() -> LaunchSettings.parse(List.of("--without", "billing"), Map.of(), workingDir))
                .hasMessageContaining("billing").hasMessageContaining("payment-service");
        assertThatThrownBy(() -> LaunchSettings.parse(List.of("--data-dir"), Map.of(), workingDir))
                .hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> LaunchSettings.parse(List.of("--jvm", "fast"), Map.of(), workingDir))
                .hasMessageContaining("--jvm").hasMessageContaining("fast-start or production");
        assertThatThrownBy(() -> LaunchSettings.parse(List.of("--verbose"), Map.of(), workingDir))
                .hasMessageContaining("--verbose");
        assertThatThrownBy(() -> LaunchSettings.parse(List.of(), Map.of("NAKKSHA_POSTGRES_URL", "postgres://x"), workingDir))
                .hasMessageContaining("NAKKSHA_POSTGRES_URL");
    }
}
