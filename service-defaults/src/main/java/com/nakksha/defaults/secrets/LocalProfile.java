package com.nakksha.defaults.secrets;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes {@value #NAME} the profile a service runs in when none is activated: the laptop (IDE, the
 * launcher, tests) needs no setting, and its committed development keys live in each service's
 * {@code local} profile document. Every deployment activates another profile (docker-compose
 * {@code compose}, Kubernetes {@code kubernetes}), where {@link CommittedSecrets} refuses committed values.
 * Runs before the config files are read, so {@code spring.config.activate.on-profile: local} applies.
 */
public class LocalProfile implements EnvironmentPostProcessor, Ordered {

    public static final String NAME = "local";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(AbstractEnvironment.DEFAULT_PROFILES_PROPERTY_NAME) == null) {
            environment.setDefaultProfiles(NAME);
        }
    }

    @Override
    public int getOrder() {
        // Before ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10), which activates profile documents.
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
