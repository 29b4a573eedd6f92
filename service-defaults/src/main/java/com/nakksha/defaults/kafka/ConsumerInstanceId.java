package com.nakksha.defaults.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.core.env.Environment;

/** The {@code group.instance.id} of this service instance; see {@link KafkaDefaultsProperties#instanceId()}. */
final class ConsumerInstanceId {

    private ConsumerInstanceId() {
    }

    static String of(KafkaDefaultsProperties properties, Environment environment) {
        if (!properties.instanceId().isBlank()) {
            return properties.instanceId();
        }
        String application = environment.getProperty("spring.application.name", "application");
        int port = environment.getProperty("server.port", Integer.class, 8080);
        // A random port means no stable identity to come back as; a random suffix at least keeps two such instances apart.
        String instance = port > 0 ? String.valueOf(port) : UUID.randomUUID().toString().substring(0, 8);
        return application + "-" + hostname(environment) + "-" + instance;
    }

    private static String hostname(Environment environment) {
        String fromEnvironment = environment.getProperty("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
