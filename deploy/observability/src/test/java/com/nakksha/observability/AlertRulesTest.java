package com.nakksha.observability;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The alert rules as Prometheus itself reads them: promtool checks the rules and the scrape config,
 * and runs alerts-test.yml, where synthetic series show each alert firing (with its labels and
 * annotations) and staying quiet; a wrong threshold, window or label fails here. Every alert has a
 * test there and a runbook entry its runbook_url points at.
 */
class AlertRulesTest {

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfig() throws Exception {
        assertPromtool("check", "rules", "alerts.yml");
        assertPromtool("check", "config", "prometheus.yml");
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsExpect() throws Exception {
        assertPromtool("test", "rules", "alerts-test.yml");
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        String tests = Files.readString(MonitoringFiles.PROMETHEUS.resolve("alerts-test.yml"));
        Set<String> tested = Pattern.compile("alertname:\\s*(\\w+)").matcher(tests).results()
                .map(match -> match.group(1)).collect(Collectors.toSet());
        assertThat(MonitoringFiles.alerts()).extracting(MonitoringFiles.Alert::name).allSatisfy(name ->
                assertThat(tested).as("alerts-test.yml tests %s", name).contains(name));
    }

    @Test
    void everyAlertLinksToItsOwnRunbookEntry() throws IOException {
        Set<String> anchors = Files.readAllLines(MonitoringFiles.RUNBOOKS).stream()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
        assertThat(MonitoringFiles.alerts()).isNotEmpty().allSatisfy(alert -> {
            assertThat(alert.annotations().get("runbook_url")).as("runbook_url of %s", alert.name())
                    .isEqualTo("docs/runbooks.md#" + alert.name().toLowerCase());
            assertThat(anchors).as("docs/runbooks.md has a '## %s' entry", alert.name()).contains(alert.name().toLowerCase());
            assertThat(alert.annotations().get("summary")).as("summary of %s", alert.name()).isNotBlank();
        });
    }

    private static void assertPromtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(MonitoringFiles.PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("promtool %s did not finish within 2 minutes", String.join(" ", arguments));
        }
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
    }

    /** promtool from PATH; its absence fails the build, since the alert rules would go unchecked. */
    private static Path promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(Pattern.quote(File.pathSeparator)))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("promtool is not on PATH, so the alert rules cannot be checked: "
                        + "install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does"));
    }
}
