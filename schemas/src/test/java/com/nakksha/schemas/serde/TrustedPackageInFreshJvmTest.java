package com.nakksha.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrustedPackageInFreshJvmTest {

    @Test
    void consumersDecodeEventsWithoutAnyJvmFlag() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(List.of(
                java.toString(), "-cp", System.getProperty("java.class.path"), FreshJvmDecodeProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(line -> line.contains("=")))
                .containsExactly("property=null", "plain=refused", "codec=decoded");
    }
}
