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
}
