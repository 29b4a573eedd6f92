package com.nakksha.local;

import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.local.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nakksha-local sql} against a real (embedded) Postgres, on a spare port. */
class SqlCommandIT {

    @TempDir
    Path dir;

    @Test
    void printsRowsTabSeparatedUnderAHeaderAndStopsAtTheFirstFailingStatement() throws IOException {
        int port = FreePorts.any();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), port, "secret-pw",
                dir.resolve("postgres.log"))) {
            String url = "jdbc:postgresql://localhost:" + port + "/postgres";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int ok = SqlCommand.execute(url, "postgres", "secret-pw", List.of(
                    "create table visit (id int, who text)",
                    "insert into visit values (1, 'asha'), (2, null)",
                    "select id, who from visit order by id"), print(out), print(err));
            int failed = SqlCommand.execute(url, "postgres", "secret-pw", List.of(
                    "select nope from visit", "drop table visit"), print(out), print(err));
            int wrongPassword = SqlCommand.execute(url, "postgres", "guess", List.of("select 1"), print(out), print(err));

            assertThat(ok).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                    .containsExactly("(0 rows)", "(2 rows)", "id\twho", "1\tasha", "2\t", "(2 rows)");
            assertThat(failed).isEqualTo(1);
            assertThat(wrongPassword).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("column \"nope\" does not exist")
                    .contains("cannot connect to " + url);
            assertThat(SqlCommand.execute(url, "postgres", "secret-pw", List.of("select count(*) as visits from visit"),
                    print(out), print(err))).as("the drop after the failure did not run").isZero();
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
