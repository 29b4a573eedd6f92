package com.nakksha.local.process;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineTest {

    @Test
    void showsLevelMessageAndRootCauseOfAJsonLine() {
        String json = "{\"@timestamp\":\"2026-11-21T17:21:06Z\",\"message\":\"Application run failed\","
                + "\"level\":\"ERROR\",\"stack_trace\":\"org.springframework.BeanCreationException: outer\\n\\tat a.b(C.java:1)\\n"
                + "Caused by: java.lang.IllegalArgumentException: key id must match \\\"[a-z]\\\"\\n\\tat d.e(F.java:2)\\n\"}";

        assertThat(new LogLine(json).readable()).isEqualTo(
                "ERROR Application run failed <- Caused by: java.lang.IllegalArgumentException: key id must match \"[a-z]\"");
    }

    @Test
    void leavesPlainLinesAloneAndShortensHugeOnes() {
        assertThat(new LogLine("2026-11-21 LOG:  database system is ready").readable())
                .isEqualTo("2026-11-21 LOG:  database system is ready");
        assertThat(new LogLine("x".repeat(5000)).readable()).hasSize(604).endsWith(" ...");
    }

    @Test
    void readsAStackTraceOfAHundredKilobytesWithoutRunningOutOfStack() {
        StringBuilder trace = new StringBuilder("java.lang.IllegalStateException: outer");
        while (trace.length() < 100_000) {
            trace.append("\\n\\tat com.nakksha.booking.session.SessionService.book(SessionService.java:")
                    .append(trace.length()).append(") \\\"quoted\\\"");
        }
        trace.append("\\nCaused by: io.r2dbc.postgresql.PgConnectionClosedException: Connection closed\\n\\tat x.y(Z.java:1)");
        String json = "{\"message\":\"Relay round failed\",\"level\":\"ERROR\",\"stack_trace\":\"" + trace + "\"}";

        assertThat(json.length()).isGreaterThan(100_000);
        assertThat(new LogLine(json).readable())
                .isEqualTo("ERROR Relay round failed <- Caused by: io.r2dbc.postgresql.PgConnectionClosedException: Connection closed");
    }

    @Test
    void showsAnUnterminatedJsonLineAsItIs() {
        String cut = "{\"message\":\"cut off in the midd";

        assertThat(new LogLine(cut).readable()).isEqualTo(cut);
    }
}
