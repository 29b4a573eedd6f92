package com.nakksha.local.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Real Postgres binaries shipped in a jar (zonky), run on a data directory that outlives the launcher:
 * initdb runs only when the directory has no cluster yet. Unlike the tests' throwaway clusters it runs
 * durably: zonky's defaults ({@code synchronous_commit=off}, and whatever a test harness turns off
 * for speed) lose commits the services already acknowledged when Postgres is killed, so every commit
 * is flushed to disk before it returns.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    public static final String SUPERUSER = "postgres";

    /**
     * initdb trusts every local connection; the launcher replaces that with passwords on first start so
     * other users of the machine cannot walk in and the services' role passwords really matter.
     */
    private static final String PASSWORDS_ONLY_HBA = """
            # Written by the Nakksha local launcher: every connection needs its role's password.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final Path clusterDir;
    private final String superuserPassword;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path clusterDir, String superuserPassword) {
        this.postgres = postgres;
        this.clusterDir = clusterDir;
        this.superuserPassword = superuserPassword;
    }

    public static EmbeddedPostgresServer start(Path clusterDir, int port, String superuserPassword, Path logFile) {
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(clusterDir);
            Files.createDirectories(logFile.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    // The launcher stops Postgres itself, after the services and Kafka.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setConnectConfig("password", superuserPassword)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            stopHalfStartedPostmaster(clusterDir);
            throw new PostgresStartFailed(explain(e, clusterDir), e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, clusterDir, superuserPassword);
        try {
            server.requirePasswords();
        } catch (SQLException | IOException | RuntimeException e) {
            server.close();
            throw new PostgresStartFailed("could not switch Postgres to password authentication: " + e.getMessage(), e);
        }
        return server;
    }

    /** Thrown when the embedded server does not come up; the message says what to do about it. */
    public static class PostgresStartFailed extends RuntimeException {
        PostgresStartFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public Connection connectAsSuperuser(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port() + "/" + database, SUPERUSER, superuserPassword);
    }

    @Override
    public OptionalLong pid() {
        return postmasterPid(clusterDir);
    }

    /** The postmaster named in the cluster's postmaster.pid is alive (and is a postgres, not a process that reused its pid). */
    @Override
    public boolean isRunning() {
        return pid().stream().mapToObj(ProcessHandle::of).flatMap(Optional::stream)
                .anyMatch(process -> process.isAlive() && process.info().command().orElse("/postgres").endsWith("/postgres"));
    }

    @Override
    public String describe() {
        return "embedded, data in " + clusterDir;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop Postgres", e);
        }
    }

    private void requirePasswords() throws SQLException, IOException {
        try (Connection connection = connectAsSuperuser("postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + superuserPassword + "'");
            Path hba = clusterDir.resolve("pg_hba.conf");
            if (!PASSWORDS_ONLY_HBA.equals(Files.readString(hba))) {
                Files.writeString(hba, PASSWORDS_ONLY_HBA);
                statement.execute("SELECT pg_reload_conf()");
            }
        }
    }

    /** pg_ctl may have started a postmaster before the readiness check failed; zonky leaves it running. */
    private static void stopHalfStartedPostmaster(Path clusterDir) {
        postmasterPid(clusterDir)
                .stream()
                .mapToObj(ProcessHandle::of)
                .flatMap(Optional::stream)
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                .forEach(process -> {
                    process.destroy();
                    process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(ignored -> null).join();
                });
    }

    private static OptionalLong postmasterPid(Path clusterDir) {
        try {
            String firstLine = Files.readAllLines(clusterDir.resolve("postmaster.pid")).getFirst();
            return OptionalLong.of(Long.parseLong(firstLine.trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static String explain(Exception failure, Path clusterDir) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("password authentication failed")) {
                return "Postgres in " + clusterDir + " rejects the superuser password in secrets.properties "
                        + "(was that file deleted or replaced?). Restore it, or delete " + clusterDir
                        + " to start with an empty database.";
            }
        }
        return "embedded Postgres did not start (" + failure.getMessage() + "); see its log";
    }
}
