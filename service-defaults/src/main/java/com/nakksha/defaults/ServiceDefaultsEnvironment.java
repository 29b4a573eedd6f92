package com.nakksha.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import com.nakksha.defaults.connection.ServiceConnectionDefaults;
import com.nakksha.defaults.secrets.CommittedSecrets;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the platform's defaults as the lowest-precedence property sources, so a service's own
 * configuration, the environment and test properties always win: health groups, metrics, JSON logs
 * and codec limits from {@value #RESOURCE}, and the connection settings derived from
 * {@code spring.application.name} ({@link ServiceConnectionDefaults}). Then refuses to start outside the
 * local profile with a committed secret ({@link CommittedSecrets}).
 */
public class ServiceDefaultsEnvironment implements EnvironmentPostProcessor, Ordered {

    private static final String RESOURCE = "nakksha-service-defaults.properties";
    static final String CONNECTIONS = "nakksha-connection-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new PropertiesPropertySourceLoader().load("nakksha-service-defaults", new ClassPathResource(RESOURCE))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String applicationName = environment.getProperty("spring.application.name");
        if (applicationName != null && !applicationName.isBlank()) {
            Optional<Path> secrets = ServiceConnectionDefaults.findSecrets(
                    Optional.ofNullable(environment.getProperty("NAKKSHA_DATA_DIR")), Path.of(""));
            environment.getPropertySources().addLast(
                    new MapPropertySource(CONNECTIONS, ServiceConnectionDefaults.derive(applicationName, secrets)));
            CommittedSecrets.refuseOutsideLocalProfile(environment, ServiceConnectionDefaults.derive(applicationName, Optional.empty()));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
