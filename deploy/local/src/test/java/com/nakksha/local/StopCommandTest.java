package com.nakksha.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nakksha.local.process.PidFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nakksha-local stop} against a real process recorded as the data dir's launcher: one that, like the launcher,
 * stops cleanly on a SIGTERM and takes its time doing so (a second here). The command returns once it has exited.
 */
class StopCommandTest {

    @TempDir
    Path dataDir;

    private Process launcher;

    @AfterEach
    void noProcessLeftBehind() {
        if (launcher != null) {
            launcher.destroyForcibly();
        }
    }

    @Test
    void stopsTheLauncherOfTheDataDirAndReturnsOnceItHasExited() throws Exception {
        launcher = new ProcessBuilder("bash", "-c", "trap 'sleep 1; exit 0' TERM; echo trapping; while true; do sleep 0.1; done").start();
        // A SIGTERM before bash has set its trap would end it with 143: wait until it has.
        assertThat(launcher.inputReader().readLine()).isEqualTo("trapping");
        PidFile.of(dataDir).record(LocalStack.LAUNCHER, launcher.toHandle());

        int exitCode = StopCommand.run(List.of("--data-dir", dataDir.toString()));

        assertThat(exitCode).isZero();
        assertThat(launcher.isAlive()).as("the launcher after stop returned").isFalse();
        assertThat(launcher.exitValue()).as("the launcher's own clean exit, not a kill").isZero();
    }

    @Test
    void saysSoWhenNoLauncherRunsOnTheDataDir() throws Exception {
        assertThat(StopCommand.run(List.of("--data-dir", dataDir.toString()))).isEqualTo(1);

        Process finished = new ProcessBuilder("true").start();
        assertThat(finished.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(dataDir.resolve("launcher.pids"), LocalStack.LAUNCHER + " " + finished.pid() + " 0\n");
        assertThat(StopCommand.run(List.of("--data-dir", dataDir.toString()))).as("a launcher recorded but gone").isEqualTo(1);
    }

    @Test
    void refusesAnUnknownOption() {
        assertThat(StopCommand.run(List.of("--no-such-option"))).isEqualTo(2);
    }
}
