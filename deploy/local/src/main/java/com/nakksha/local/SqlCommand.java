package com.nakksha.local;

import com.nakksha.local.postgres.PlatformDatabase;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * {@code nakksha-local sql [--data-dir DIR] "SQL" ...}: runs each statement against the local stack's
 * platform database as the Postgres superuser and prints the rows tab-separated under a header line
 * (or how many rows a change touched), so looking inside the stack needs no psql. The server is the
 * embedded one on {@value LocalStack#POSTGRES_PORT} with {@code postgres.password} from the data dir's
 * {@code secrets.properties}, or the one in {@code NAKKSHA_POSTGRES_URL/_USER/_PASSWORD}.
 */
public final class SqlCommand {

    private SqlCommand() {
    }

    /** Returns the process exit code: 0 all statements ran, 1 one failed (the rest are not run), 2 bad usage. */
    public static int run(List<String> arguments) {
        List<String> options = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).startsWith("--") && i + 1 < arguments.size()) {
                options.add(arguments.get(i));
                options.add(arguments.get(++i));
            } else {
                statements.add(arguments.get(i));
            }
        }
        if (statements.isEmpty()) {
            System.err.println("nakksha-local sql: give one or more statements, e.g. sql 'select * from booking.session limit 5'");
            return 2;
        }
        LaunchSettings settings;
        try {
            settings = LaunchSettings.parse(options, System.getenv(), Path.of("").toAbsolutePath());
        } catch (LaunchSettings.InvalidOption e) {
            System.err.println("nakksha-local sql: " + e.getMessage());
            return 2;
        }
        String url;
        String user;
        String password;
        if (settings.externalPostgres().isPresent()) {
            LaunchSettings.ExternalPostgres external = settings.externalPostgres().get();
            URI server = URI.create(external.jdbcUrl().substring("jdbc:".length()));
            url = "jdbc:postgresql://" + server.getHost() + ":" + (server.getPort() > 0 ? server.getPort() : 5432)
                    + "/" + PlatformDatabase.NAME;
            user = external.user();
            password = external.password();
        } else {
            Path secrets = settings.dataDir().resolve("secrets.properties");
            Properties values = new Properties();
            try (Reader reader = Files.newBufferedReader(secrets)) {
                values.load(reader);
            } catch (IOException e) {
                System.err.println("nakksha-local sql: cannot read " + secrets + "; start the stack with bin/nakksha-local "
                        + "first (or pass its --data-dir)");
                return 1;
            }
            url = "jdbc:postgresql://localhost:" + LocalStack.POSTGRES_PORT + "/" + PlatformDatabase.NAME;
            user = "postgres";
            password = values.getProperty("postgres.password", "");
        }
        return execute(url, user, password, statements, System.out, System.err);
    }

    static int execute(String url, String user, String password, List<String> statements, PrintStream out, PrintStream err) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    if (statement.execute(sql)) {
                        print(statement.getResultSet(), out);
                    } else {
                        out.println("(" + statement.getUpdateCount() + " rows)");
                    }
                } catch (SQLException failed) {
                    err.println("nakksha-local sql: " + failed.getMessage());
                    return 1;
                }
            }
            return 0;
        } catch (SQLException unreachable) {
            err.println("nakksha-local sql: cannot connect to " + url + ": " + unreachable.getMessage());
            return 1;
        }
    }

    private static void print(ResultSet rows, PrintStream out) throws SQLException {
        ResultSetMetaData columns = rows.getMetaData();
        StringJoiner header = new StringJoiner("\t");
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            header.add(columns.getColumnLabel(i));
        }
        out.println(header);
        int count = 0;
        while (rows.next()) {
            StringJoiner row = new StringJoiner("\t");
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                String value = rows.getString(i);
                row.add(value == null ? "" : value);
            }
            out.println(row);
            count++;
        }
        out.println("(" + count + " rows)");
    }
}
