package com.nakksha.local.services;

import com.nakksha.local.PlatformService;
import com.nakksha.local.kafka.KafkaBroker;
import com.nakksha.local.postgres.DatabaseEndpoint;
import com.nakksha.local.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;
import com.nakksha.local.redis.RedisForGateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs each service from its Spring Boot jar as its own JVM. Everything a service needs to find the
 * rest of the stack comes through environment variables in Spring's relaxed-binding form, so they
 * override whatever the service's application.yaml says without the service knowing the launcher.
 */
public final class ServiceLauncher {

    /** Small and quick to start: seven of these share a laptop with Postgres and Kafka. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=com.nakksha.events");

    private final Path repoRoot;
    private final Path logsDir;
    private final JavaRuntime java;
    private final DatabaseEndpoint database;
    private final Function<String, String> passwordOfSchema;

    public ServiceLauncher(Path repoRoot, Path logsDir, JavaRuntime java, DatabaseEndpoint database,
                           Function<String, String> passwordOfSchema) {
        this.repoRoot = repoRoot;
        this.logsDir = logsDir;
        this.java = java;
        this.database = database;
        this.passwordOfSchema = passwordOfSchema;
    }

    public static Path jarOf(Path repoRoot, PlatformService service) {
        return repoRoot.resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
    }

    public static Path logOf(Path logsDir, PlatformService service) {
        return logsDir.resolve(service.module() + ".log");
    }

    public ManagedProcess start(PlatformService service) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jarOf(repoRoot, service).toString());
        return ManagedProcess.start(service.module(), command, environment(service), repoRoot, logOf(logsDir, service));
    }

    Map<String, String> environment(PlatformService service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(service.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.BOOTSTRAP_SERVERS);
        env.put("NAKKSHA_SECURITY_JWKS_URI",
                "http://localhost:" + PlatformService.IDENTITY.port() + "/.well-known/jwks.json");
        service.schema().ifPresent(schema -> {
            String password = passwordOfSchema.apply(schema);
            env.put("SPRING_R2DBC_URL", database.r2dbcUrl());
            env.put("SPRING_R2DBC_USERNAME", schema);
            env.put("SPRING_R2DBC_PASSWORD", password);
            env.put("SPRING_LIQUIBASE_URL", database.jdbcUrl());
            env.put("SPRING_LIQUIBASE_USER", schema);
            env.put("SPRING_LIQUIBASE_PASSWORD", password);
            env.put("SPRING_LIQUIBASE_DEFAULT_SCHEMA", schema);
        });
        if (service == PlatformService.GATEWAY) {
            env.put("SPRING_DATA_REDIS_HOST", RedisForGateway.HOST);
            env.put("SPRING_DATA_REDIS_PORT", String.valueOf(RedisForGateway.PORT));
        }
        return env;
    }
}
