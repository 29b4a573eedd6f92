package com.nakksha.local.services;

import com.nakksha.local.PlatformService;
import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.mail.MailCatcher;
import com.nakksha.local.postgres.DatabaseEndpoint;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;
import com.nakksha.local.redis.RedisForGateway;
import com.nakksha.local.secrets.LocalSecrets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs each service from its Spring Boot jar as its own JVM. Everything a service needs to find the
 * rest of the stack comes through environment variables in Spring's relaxed-binding form, so they
 * override whatever the service's application.yaml says without the service knowing the launcher.
 */
public final class ServiceLauncher {

    /**
     * Every profile's: Avro may deserialise only the platform's event classes, and a service whose heap runs out exits
     * (as a pod does) so that the launcher restarts it, rather than running on with threads that died of it.
     */
    static final List<String> SHARED_JVM_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=com.nakksha.events");

    private final Path repoRoot;
    private final Path logsDir;
    private final JavaRuntime java;
    private final DatabaseEndpoint database;
    /** The bootstrap admin identity-service creates on first start, to approve consultants locally. */
    public static final String ADMIN_EMAIL = "admin@nakksha.local";

    /** The key id the launcher files its generated keys under (encryption, link tokens, payment capabilities). */
    public static final String LAUNCHER_KEY_ID = "launcher";

    /**
     * Secrets beyond the database passwords, generated per data dir like them. The Razorpay key id, key
     * secret and webhook secret go to payment-service and the simulator alike, so each accepts the other's
     * Basic auth and signatures.
     */
    public static final Map<String, LocalSecrets.Kind> SERVICE_SECRETS = Map.of(
            "admin.password", LocalSecrets.Kind.PASSWORD,
            "identity.encryption-key", LocalSecrets.Kind.AES_256_KEY,
            "link-token.key", LocalSecrets.Kind.AES_256_KEY,
            "payment-capability-tag.key", LocalSecrets.Kind.AES_256_KEY,
            "razorpay.key-id", LocalSecrets.Kind.RAZORPAY_TEST_KEY_ID,
            "razorpay.key-secret", LocalSecrets.Kind.PASSWORD,
            "razorpay.webhook-secret", LocalSecrets.Kind.PASSWORD);

    /** Where payment-service finds Razorpay on the local stack: the simulator. */
    public static final String RAZORPAY_SIMULATOR_URL = "http://localhost:" + PlatformService.RAZORPAY_SIMULATOR.port();

    /** Where the simulator sends webhooks: the gateway's public route, as Razorpay would. */
    public static final String WEBHOOK_URL = "http://localhost:" + PlatformService.GATEWAY.port() + "/api/v1/payments/webhooks/razorpay";

    private final Function<String, String> secret;
    private final Map<String, String> extraEnvironment;
    private final JvmProfile jvmProfile;

    public ServiceLauncher(Path repoRoot, Path dataDir, JavaRuntime java, DatabaseEndpoint database,
                           Function<String, String> secret) {
        this(repoRoot, dataDir, java, database, secret, Map.of(), JvmProfile.FAST_START);
    }

    /**
     * @param extraEnvironment variables for every service, under the launcher's own (which win on a clash)
     * @param jvmProfile heap, collector and JIT options of every service
     */
    public ServiceLauncher(Path repoRoot, Path dataDir, JavaRuntime java, DatabaseEndpoint database,
                           Function<String, String> secret, Map<String, String> extraEnvironment, JvmProfile jvmProfile) {
        this.repoRoot = repoRoot;
        this.logsDir = dataDir.resolve("logs");
        this.java = java;
        this.database = database;
        this.secret = secret;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.jvmProfile = jvmProfile;
    }

    public static Path jarOf(Path repoRoot, PlatformService service) {
        return repoRoot.resolve(service.directory()).resolve("target").resolve(service.module() + ".jar");
    }

    public static Path logOf(Path logsDir, PlatformService service) {
        return logsDir.resolve(service.module() + ".log");
    }

    public ManagedProcess start(PlatformService service, RunningJars.Extracted runnable) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(jvmProfile.options());
        command.addAll(SHARED_JVM_OPTIONS);
        // 8-byte object headers (JEP 519, a product option from JDK 25): a smaller heap and metaspace per service.
        if (Runtime.version().feature() >= 25) {
            command.add("-XX:+UseCompactObjectHeaders");
        }
        command.addAll(runnable.archiveOptions());
        command.add("-jar");
        command.add(runnable.jar().toString());
        return ManagedProcess.start(service.module(), command, environment(service), repoRoot, logOf(logsDir, service));
    }

    /**
     * Keys for data at rest and link tokens, and the first admin, as exact property names in
     * SPRING_APPLICATION_JSON: relaxed binding of plain variables would turn a key id such as
     * {@code local-dev} into a nested name. Environment, not arguments, so ps does not show them.
     */
    private String identitySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("nakksha.identity.encryption.active-key-id", LAUNCHER_KEY_ID);
        settings.put("nakksha.identity.encryption.keys." + LAUNCHER_KEY_ID, secret.apply("identity.encryption-key"));
        settings.put("nakksha.identity.link-tokens.active-key-id", LAUNCHER_KEY_ID);
        settings.put("nakksha.identity.link-tokens.keys." + LAUNCHER_KEY_ID, secret.apply("link-token.key"));
        settings.put("nakksha.identity.bootstrap-admin.email", ADMIN_EMAIL);
        settings.put("nakksha.identity.bootstrap-admin.password", secret.apply("admin.password"));
        return json(settings);
    }

    /** payment-service's Razorpay credentials, and the simulator in Razorpay's place. */
    private String paymentSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("nakksha.payment.razorpay.key-id", secret.apply("razorpay.key-id"));
        settings.put("nakksha.payment.razorpay.key-secret", secret.apply("razorpay.key-secret"));
        settings.put("nakksha.payment.razorpay.webhook-secret", secret.apply("razorpay.webhook-secret"));
        settings.put("nakksha.payment.razorpay.base-url", RAZORPAY_SIMULATOR_URL);
        settings.put("nakksha.payment.checkout.capability-tag-keys[0]", secret.apply("payment-capability-tag.key"));
        return json(settings);
    }

    /**
     * booking tags payment capabilities with the key payment-service recognises them by, and seals them
     * into SessionBooked with the link-token key notification-service opens the pay link with.
     */
    private String bookingSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("nakksha.booking.payment-capability.tag-key", secret.apply("payment-capability-tag.key"));
        settings.put("nakksha.booking.payment-capability.seal-key-id", LAUNCHER_KEY_ID);
        settings.put("nakksha.booking.payment-capability.seal-key", secret.apply("link-token.key"));
        return json(settings);
    }

    /** The same credentials for the simulator, and the gateway's webhook route. */
    private String simulatorSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("nakksha.razorpay-simulator.key-id", secret.apply("razorpay.key-id"));
        settings.put("nakksha.razorpay-simulator.key-secret", secret.apply("razorpay.key-secret"));
        settings.put("nakksha.razorpay-simulator.webhook-secret", secret.apply("razorpay.webhook-secret"));
        settings.put("nakksha.razorpay-simulator.webhook-url", WEBHOOK_URL);
        return json(settings);
    }

    /** The values are generated Base64, key ids, addresses and URLs: nothing in them needs JSON escaping. */
    private static String json(Map<String, String> settings) {
        StringBuilder json = new StringBuilder("{");
        settings.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(name).append("\":\"").append(value).append('"'));
        return json.append('}').toString();
    }

    /** The link-token key identity seals with, so notification opens the tokens for the mails' links. */
    private String notificationSettings() {
        return "{\"nakksha.notification.link-token-keys." + LAUNCHER_KEY_ID + "\":\"" + secret.apply("link-token.key") + "\"}";
    }

    /** Keeps settings someone passed to the whole stack through SPRING_APPLICATION_JSON; the launcher's win. */
    private static String withInherited(String launcherJson) {
        String inherited = Optional.ofNullable(System.getenv("SPRING_APPLICATION_JSON")).orElse("").strip();
        if (!inherited.startsWith("{") || !inherited.endsWith("}") || inherited.substring(1, inherited.length() - 1).isBlank()) {
            return launcherJson;
        }
        return inherited.substring(0, inherited.length() - 1) + "," + launcherJson.substring(1);
    }

    /**
     * The environment the launcher starts {@code service} with: the extra variables it was given for every service,
     * then its own (which win): ports, the broker, the JWKS address, its database role, and its secrets as exact
     * property names in {@code SPRING_APPLICATION_JSON}. Public so the Kubernetes manifests' tests can check that a
     * cluster asks for the same secrets the launcher generates.
     */
    public Map<String, String> environment(PlatformService service) {
        Map<String, String> env = new LinkedHashMap<>(extraEnvironment);
        env.put("SERVER_PORT", String.valueOf(service.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", LocalKafka.BOOTSTRAP_SERVERS);
        env.put("NAKKSHA_SECURITY_JWKS_URI",
                "http://localhost:" + PlatformService.IDENTITY.port() + "/.well-known/jwks.json");
        service.schema().ifPresent(schema -> {
            String password = secret.apply(schema + ".password");
            env.put("SPRING_R2DBC_URL", database.r2dbcUrl());
            env.put("SPRING_R2DBC_USERNAME", schema);
            env.put("SPRING_R2DBC_PASSWORD", password);
            env.put("SPRING_LIQUIBASE_URL", database.jdbcUrl());
            env.put("SPRING_LIQUIBASE_USER", schema);
            env.put("SPRING_LIQUIBASE_PASSWORD", password);
            env.put("SPRING_LIQUIBASE_DEFAULT_SCHEMA", schema);
            // Six pools opening ten connections each at start would mean sixty idle Postgres backends here.
            env.put("SPRING_R2DBC_POOL_INITIAL_SIZE", "2");
        });
        switch (service) {
            case GATEWAY -> {
                env.put("MANAGEMENT_SERVER_PORT", String.valueOf(service.managementPort()));
                env.put("SPRING_DATA_REDIS_HOST", RedisForGateway.HOST);
                env.put("SPRING_DATA_REDIS_PORT", String.valueOf(RedisForGateway.PORT));
            }
            case IDENTITY -> env.put("SPRING_APPLICATION_JSON", withInherited(identitySettings()));
            case BOOKING -> env.put("SPRING_APPLICATION_JSON", withInherited(bookingSettings()));
            case NOTIFICATION -> {
                env.put("SPRING_MAIL_HOST", MailCatcher.HOST);
                env.put("SPRING_MAIL_PORT", String.valueOf(MailCatcher.SMTP_PORT));
                env.put("SPRING_APPLICATION_JSON", withInherited(notificationSettings()));
            }
            case PAYMENT -> env.put("SPRING_APPLICATION_JSON", withInherited(paymentSettings()));
            case RAZORPAY_SIMULATOR -> env.put("SPRING_APPLICATION_JSON", withInherited(simulatorSettings()));
            default -> {
            }
        }
        return env;
    }
}
