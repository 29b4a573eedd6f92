package com.nakksha.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nakksha.local.services.JvmProfile;

/**
 * What one launch does, from command-line options first and environment variables second.
 *
 * @param repoRoot where the service modules and their built jars are
 * @param dataDir Postgres cluster, Kafka log dirs, secrets and logs; survives restarts
 * @param readinessTimeout how long all services together may take to become ready
 * @param externalPostgres a Postgres server to use instead of the embedded one
 * @param leftOut services not started, e.g. because they run in an IDE
 * @param serviceEnvironment variables every service gets on top of the launcher's own environment, such as a
 *                           test's OTLP endpoint; the launcher's own settings for a service win. Not an option of
 *                           the command line, whose caller sets such variables in the launcher's environment instead
 * @param jvmProfile heap, collector and JIT options of the services
 * @param classDataArchives whether services start from class-data archives written at their first exit
 *                          ({@code --no-class-data} turns them off, for a stack started once)
 */
public record LaunchSettings(
        Path repoRoot,
        Path dataDir,
        Duration readinessTimeout,
        Optional<ExternalPostgres> externalPostgres,
        Set<PlatformService> leftOut,
        Map<String, String> serviceEnvironment,
        JvmProfile jvmProfile,
        boolean classDataArchives) {

    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(180);

    /**
     * The launcher's help, kept in {@code usage.txt} beside this class so that {@code bin/nakksha-local --help}
     * prints the same text straight from the source tree, without building the launcher first.
     */
    public static final String USAGE = usage();

    public LaunchSettings {
        repoRoot = repoRoot.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        leftOut = leftOut.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(PlatformService.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(leftOut));
        serviceEnvironment = Map.copyOf(serviceEnvironment);
    }

    /** These settings, with {@code variables} in every service's environment. */
    public LaunchSettings withServiceEnvironment(Map<String, String> variables) {
        return new LaunchSettings(repoRoot, dataDir, readinessTimeout, externalPostgres, leftOut, variables, jvmProfile,
                classDataArchives);
    }

    /** A superuser connection to a Postgres server the launcher does not start. */
    public record ExternalPostgres(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return "ExternalPostgres[" + jdbcUrl + ", user=" + user + "]";
        }
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public List<PlatformService> servicesToStart() {
        List<PlatformService> services = new ArrayList<>(List.of(PlatformService.values()));
        services.removeAll(leftOut);
        return services;
    }

    /** Thrown for options the launcher does not understand; the message names the option. */
    public static class InvalidOption extends RuntimeException {
        public InvalidOption(String message) {
            super(message);
        }
    }

    public static LaunchSettings parse(List<String> args, Map<String, String> env, Path workingDir) {
        Path dataDir = Optional.ofNullable(env.get("NAKKSHA_DATA_DIR")).map(Path::of)
                .orElse(workingDir.resolve(".nakksha-data"));
        Duration timeout = Optional.ofNullable(env.get("NAKKSHA_READY_TIMEOUT"))
                .map(value -> seconds("NAKKSHA_READY_TIMEOUT", value))
                .orElse(DEFAULT_READINESS_TIMEOUT);
        Set<PlatformService> leftOut = Optional.ofNullable(env.get("NAKKSHA_WITHOUT"))
                .map(value -> services("NAKKSHA_WITHOUT", value))
                .orElse(EnumSet.noneOf(PlatformService.class));
        JvmProfile jvmProfile = Optional.ofNullable(env.get("NAKKSHA_JVM"))
                .map(value -> jvmProfile("NAKKSHA_JVM", value))
                .orElse(JvmProfile.FAST_START);
        boolean classDataArchives = true;

        Iterator<String> options = args.iterator();
        while (options.hasNext()) {
            String option = options.next();
            switch (option) {
                case "--data-dir" -> dataDir = workingDir.resolve(valueOf(option, options));
                case "--timeout" -> timeout = seconds(option, valueOf(option, options));
                case "--without" -> leftOut.addAll(services(option, valueOf(option, options)));
                case "--jvm" -> jvmProfile = jvmProfile(option, valueOf(option, options));
                case "--no-class-data" -> classDataArchives = false;
                default -> throw new InvalidOption("unknown option " + option);
            }
        }

        return new LaunchSettings(findRepoRoot(workingDir), dataDir, timeout, externalPostgres(env), leftOut, Map.of(), jvmProfile,
                classDataArchives);
    }

    private static String usage() {
        try (InputStream text = LaunchSettings.class.getResourceAsStream("usage.txt")) {
            if (text == null) {
                throw new IllegalStateException("usage.txt is missing beside " + LaunchSettings.class.getName());
            }
            return new String(text.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<ExternalPostgres> externalPostgres(Map<String, String> env) {
        String url = env.get("NAKKSHA_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new InvalidOption("NAKKSHA_POSTGRES_URL must look like jdbc:postgresql://host:port/database");
        }
        return Optional.of(new ExternalPostgres(url,
                env.getOrDefault("NAKKSHA_POSTGRES_USER", "postgres"),
                env.getOrDefault("NAKKSHA_POSTGRES_PASSWORD", "")));
    }

    private static JvmProfile jvmProfile(String option, String value) {
        try {
            return JvmProfile.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidOption(option + ": " + e.getMessage());
        }
    }

    private static String valueOf(String option, Iterator<String> options) {
        if (!options.hasNext()) {
            throw new InvalidOption(option + " needs a value");
        }
        return options.next();
    }

    private static Duration seconds(String option, String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds <= 0) {
                throw new InvalidOption(option + " must be a positive number of seconds, was " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new InvalidOption(option + " must be a number of seconds, was " + value);
        }
    }

    private static Set<PlatformService> services(String option, String value) {
        Set<PlatformService> services = EnumSet.noneOf(PlatformService.class);
        for (String name : value.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            services.add(PlatformService.byName(name.trim()).orElseThrow(() -> new InvalidOption(
                    option + ": no service called " + name.trim() + "; known: " + knownServices())));
        }
        return services;
    }

    private static String knownServices() {
        return String.join(", ", Arrays.stream(PlatformService.values()).map(PlatformService::module).toList());
    }

    /** The launcher normally runs from deploy/local/target inside the repository; the working directory is the fallback. */
    private static Path findRepoRoot(Path workingDir) {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(LaunchSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code location (unusual class loader): the working directory still works
        }
        starts.add(workingDir);
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("deploy/local/pom.xml"))) {
                    return dir;
                }
            }
        }
        throw new InvalidOption("cannot find the Nakksha repository (a directory with deploy/local/pom.xml) above "
                + workingDir.toAbsolutePath());
    }
}
