package com.nakksha.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/nakksha-local --help} on a checkout that was never built: the script is copied with the usage text
 * into an empty tree (no jars, no {@code bin/find-jdk}), and a {@code mvn} first on the PATH records being run.
 * Help must answer at once with the launcher's own text, not after (or instead of) a Maven build.
 */
class LauncherScriptTest {

    @TempDir
    Path checkout;

    @Test
    void helpPrintsTheLaunchersUsageWithoutBuildingOrFindingAJdk() throws Exception {
        Answer help = run("--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).isEqualTo(LaunchSettings.USAGE);
        assertThat(checkout.resolve("mvn-ran")).as("Maven was not run").doesNotExist();
    }

    @Test
    void theShortFormAnywhereAmongOtherOptionsToo() throws Exception {
        Answer help = run("--data-dir", "/tmp/somewhere", "-h");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).isEqualTo(LaunchSettings.USAGE);
        assertThat(checkout.resolve("mvn-ran")).doesNotExist();
    }

    private record Answer(int exitCode, String output) {
    }

    private Answer run(String... arguments) throws IOException, InterruptedException {
        Path repoRoot = repoRoot();
        Path script = checkout.resolve("bin/nakksha-local");
        Files.createDirectories(script.getParent());
        Files.copy(repoRoot.resolve("bin/nakksha-local"), script);
        Path usage = Path.of("deploy/local/src/main/resources/com/nakksha/local/usage.txt");
        Files.createDirectories(checkout.resolve(usage).getParent());
        Files.copy(repoRoot.resolve(usage), checkout.resolve(usage));
        Path tools = Files.createDirectories(checkout.resolve("tools"));
        Path mvn = tools.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\ntouch '" + checkout.resolve("mvn-ran") + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", tools + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script answered").isTrue();
        return new Answer(process.exitValue(), output);
    }

    private static Path repoRoot() {
        return LaunchSettings.parse(List.of(), Map.of(), Path.of("").toAbsolutePath()).repoRoot();
    }
}
