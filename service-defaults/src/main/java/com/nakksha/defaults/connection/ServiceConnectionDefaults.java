package com.nakksha.defaults.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The connection settings a service derives from its {@code spring.application.name}, so that no
 * service's application.yaml repeats them: {@code booking-service} owns the Postgres schema and login
 * role {@code booking}, at the local launcher's Postgres ({@value #JDBC_URL}) and Kafka broker
 * ({@value #BOOTSTRAP_SERVERS}). These are the lowest-precedence values: the launcher's and
 * docker-compose's {@code SPRING_*} environment variables, and test-support's properties, override each.
 *
 * <p>The launcher gives every role a random password, kept as {@code <schema>.password} in
 * {@code <data-dir>/secrets.properties}. A service started on its own (from an IDE, next to
 * {@code bin/nakksha-local --without <service>}) reads it from there, so it connects to the running
 * stack without any setting; without that file the password is the schema name, as in docker-compose.
 */
public final class ServiceConnectionDefaults {

    /** The launcher's Postgres: port and database from deploy/local's {@code LocalStack} and {@code PlatformDatabase}. */
    public static final String R2DBC_URL = "r2dbc:postgresql://localhost:15432/nakksha";
    public static final String JDBC_URL = "jdbc:postgresql://localhost:15432/nakksha";
    /** The launcher's broker, deploy/local's {@code KafkaBroker.BOOTSTRAP_SERVERS}. */
    public static final String BOOTSTRAP_SERVERS = "localhost:9092";
    /** The launcher's data directory under the directory it was started in, unless NAKKSHA_DATA_DIR names another. */
    public static final String DATA_DIR = ".nakksha-data";
    static final String SECRETS_FILE = "secrets.properties";

    private static final String SERVICE_SUFFIX = "-service";

    private ServiceConnectionDefaults() {
    }

    /**
     * The schema, and role, a service owns: its application name without {@code -service}, dashes as
     * underscores (a Postgres identifier).
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static String schemaOf(String applicationName) {
        String name = applicationName.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(SERVICE_SUFFIX)) {
            name = name.substring(0, name.length() - SERVICE_SUFFIX.length());
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("spring.application.name '" + applicationName + "' names no schema");
        }
        return name.replace('-', '_');
    }

    /**
     * Property names and values for the service's database and broker connections.
     *
     * @param applicationName {@code spring.application.name}
     * @param secrets the launcher's secrets file when there is one; its {@code <schema>.password} is the role's password
     */
    public static Map<String, Object> derive(String applicationName, Optional<Path> secrets) {
        String schema = schemaOf(applicationName);
        String password = secrets.flatMap(file -> passwordIn(file, schema)).orElse(schema);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.r2dbc.url", R2DBC_URL);
        properties.put("spring.r2dbc.username", schema);
        properties.put("spring.r2dbc.password", password);
        properties.put("spring.liquibase.url", JDBC_URL);
        // Placeholders: whoever overrides the R2DBC login (the launcher, docker-compose) migrates as that role too.
        properties.put("spring.liquibase.user", "${spring.r2dbc.username}");
        properties.put("spring.liquibase.password", "${spring.r2dbc.password}");
        properties.put("spring.liquibase.default-schema", schema);
        properties.put("spring.kafka.bootstrap-servers", BOOTSTRAP_SERVERS);
        return properties;
    }

    /**
     * The launcher's secrets file: in {@code dataDir} when given, else in {@value #DATA_DIR} of the
     * working directory or the nearest parent that has one (an IDE may start a service in its module's
     * directory, below the repository root where the launcher keeps its data).
     */
    public static Optional<Path> findSecrets(Optional<String> dataDir, Path workingDirectory) {
        if (dataDir.isPresent() && !dataDir.get().isBlank()) {
            Path file = workingDirectory.resolve(dataDir.get()).resolve(SECRETS_FILE);
            return Files.isReadable(file) ? Optional.of(file) : Optional.empty();
        }
        for (Path directory = workingDirectory.toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path file = directory.resolve(DATA_DIR).resolve(SECRETS_FILE);
            if (Files.isReadable(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> passwordIn(Path file, String schema) {
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            secrets.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's secrets in " + file, e);
        }
        return Optional.ofNullable(secrets.getProperty(schema + ".password")).filter(password -> !password.isBlank());
    }
}
