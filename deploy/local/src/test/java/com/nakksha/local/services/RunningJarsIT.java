package com.nakksha.local.services;

import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.PlatformService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's extraction and class-data archive belong to its built jar, not to a data dir: a stack on a new data
 * dir runs the build it ran before from the same files, archive included, and only a rebuilt jar is extracted again.
 * Uses the simulator's real Spring Boot jar (the smallest), copied into a repository of the test's own.
 */
class RunningJarsIT {

    private static final PlatformService SERVICE = PlatformService.RAZORPAY_SIMULATOR;

    @TempDir
    Path repoRoot;

    @Test
    void aNewDataDirRunsTheExtractionAndArchiveOfTheSameBuildAndARebuildGetsItsOwn() throws Exception {
        Path built = builtJar();
        Path cache = RunningJars.cacheDirOf(repoRoot);

        RunningJars.Extracted first = prepare(cache);
        assertThat(first.jar()).isRegularFile().startsWith(cache);
        assertThat(first.writesArchiveAtExit()).isTrue();
        // What the service's JVM leaves at its first exit.
        Files.write(first.sharedArchive().orElseThrow(), new byte[] {1, 2, 3});
        FileTime extractedAt = Files.getLastModifiedTime(first.jar());

        RunningJars.Extracted again = prepare(cache);
        assertThat(again).isEqualTo(first);
        assertThat(again.writesArchiveAtExit()).as("the archive of the same build is mapped, not written again").isFalse();
        assertThat(Files.getLastModifiedTime(again.jar())).as("not extracted again").isEqualTo(extractedAt);

        Files.setLastModifiedTime(built, FileTime.fromMillis(Files.getLastModifiedTime(built).toMillis() + 60_000));
        RunningJars.Extracted rebuilt = prepare(cache);
        assertThat(rebuilt.jar()).isNotEqualTo(first.jar()).isRegularFile();
        assertThat(rebuilt.writesArchiveAtExit()).isTrue();
        assertThat(first.jar()).as("the previous build stays for a stack still running it").isRegularFile();

        Files.setLastModifiedTime(built, FileTime.fromMillis(Files.getLastModifiedTime(built).toMillis() + 60_000));
        RunningJars.Extracted third = prepare(cache);
        assertThat(third.jar()).isRegularFile();
        assertThat(rebuilt.jar()).isRegularFile();
        assertThat(first.jar().getParent()).as("builds older than the two last started are removed").doesNotExist();
    }

    /** A JVM killed while assembling its AOT cache leaves an empty file; the next start writes the archive afresh. */
    @Test
    void anEmptyArchiveLeftByAKilledWriterIsWrittenAgain() throws Exception {
        builtJar();
        Path cache = RunningJars.cacheDirOf(repoRoot);
        RunningJars.Extracted first = prepare(cache);
        Files.createFile(first.sharedArchive().orElseThrow());

        RunningJars.Extracted next = prepare(cache);

        assertThat(next.sharedArchive()).isEqualTo(first.sharedArchive());
        assertThat(next.sharedArchive().orElseThrow()).doesNotExist();
        assertThat(next.writesArchiveAtExit()).isTrue();
    }

    @Test
    void withoutClassDataTheSameExtractionRunsWithNoArchive() throws Exception {
        builtJar();
        Path cache = RunningJars.cacheDirOf(repoRoot);
        RunningJars.Extracted withArchive = prepare(cache);

        RunningJars.Extracted without = new RunningJars(repoRoot, cache, JavaRuntime.current(), false)
                .prepare(List.of(SERVICE)).join().get(SERVICE);

        assertThat(without.jar()).isEqualTo(withArchive.jar());
        assertThat(without.sharedArchive()).isEmpty();
        assertThat(without.writesArchiveAtExit()).isFalse();
    }

    /** The service's jar as this build made it, where the temporary repository's build would leave it. */
    private Path builtJar() throws IOException {
        Path built = ServiceLauncher.jarOf(repoRoot, SERVICE);
        Files.createDirectories(built.getParent());
        Files.copy(ServiceLauncher.jarOf(Path.of("").toAbsolutePath().resolve("../..").normalize(), SERVICE), built);
        return built;
    }

    private RunningJars.Extracted prepare(Path cache) {
        return new RunningJars(repoRoot, cache, JavaRuntime.current()).prepare(List.of(SERVICE)).join().get(SERVICE);
    }
}
