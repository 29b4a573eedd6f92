package com.nakksha.defaults.secrets;

import java.nio.file.Path;
import java.util.Map;

import com.nakksha.defaults.ServiceDefaultsEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class CommittedSecretsTest {

    /** The value committed in this module's test application.yaml, local profile document. */
    private static final String COMMITTED_KEY = "Y29tbWl0dGVkLWRldmVsb3BtZW50LWtleS1ub3Qtc2VjcmV0";

    @TempDir
    Path noLauncherData;

    @Test
    void outsideTheLocalProfileTheSchemaNamedDatabasePasswordIsRefusedByName() {
        StandardEnvironment environment = environment(Map.of());
        environment.setActiveProfiles("production");

        assertThatIllegalStateException().isThrownBy(() -> prepare(environment))
                .withMessageContaining("spring.r2dbc.password")
                .withMessageContaining("active: production");
    }

    @Test
    void aCommittedKeyUnderAnyNameIsRefusedAndEveryOffenderIsNamed() {
        StandardEnvironment environment = environment(Map.of(
                "nakksha.identity.encryption.keys.k1", COMMITTED_KEY,
                "nakksha.booking.payment-capability.seal-key", COMMITTED_KEY));
        environment.setActiveProfiles("compose");

        assertThatIllegalStateException().isThrownBy(() -> prepare(environment))
                .withMessageContaining("nakksha.identity.encryption.keys.k1")
                .withMessageContaining("nakksha.booking.payment-capability.seal-key")
                .withMessageContaining("spring.r2dbc.password");
    }

    @Test
    void generatedSecretsStartOutsideTheLocalProfile() {
        StandardEnvironment environment = environment(Map.of(
                "spring.r2dbc.password", "p4Xq-generated",
                "nakksha.identity.encryption.keys.k1", "Z2VuZXJhdGVkLWtleS1mb3ItcHJvZHVjdGlvbi11c2U=",
                "nakksha.identity.encryption.active-key-id", "k1"));
        environment.setActiveProfiles("production");

        assertThatNoException().isThrownBy(() -> prepare(environment));
    }

    @Test
    void theLaptopNeedsNoSettingNoProfileIsTheLocalProfile() {
        StandardEnvironment environment = environment(Map.of("nakksha.identity.encryption.keys.k1", COMMITTED_KEY));
        new LocalProfile().postProcessEnvironment(environment, new SpringApplication());

        assertThatNoException().isThrownBy(() -> prepare(environment));
        assertThat(environment.matchesProfiles(LocalProfile.NAME)).isTrue();
    }

    @Test
    void secretNamesArePasswordsSecretsKeysAndKeyMapEntriesButNotKeyIds() {
        assertThat(CommittedSecrets.isSecretName("spring.r2dbc.password")).isTrue();
        assertThat(CommittedSecrets.isSecretName("SPRING_LIQUIBASE_PASSWORD")).isTrue();
        assertThat(CommittedSecrets.isSecretName("nakksha.payment.razorpay.key-secret")).isTrue();
        assertThat(CommittedSecrets.isSecretName("nakksha.payment.checkout.capability-tag-keys[0]")).isTrue();
        assertThat(CommittedSecrets.isSecretName("nakksha.notification.link-token-keys.local-dev")).isTrue();
        assertThat(CommittedSecrets.isSecretName("nakksha.identity.encryption.active-key-id")).isFalse();
        assertThat(CommittedSecrets.isSecretName("nakksha.security.approval-exempt-paths[1]")).isFalse();
    }

    private StandardEnvironment environment(Map<String, Object> configured) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        environment.getPropertySources().addLast(new MapPropertySource("application.yaml", Map.of(
                "spring.application.name", "booking-service",
                "NAKKSHA_DATA_DIR", noLauncherData.toString())));
        return environment;
    }

    private static void prepare(StandardEnvironment environment) {
        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());
    }
}
