package com.nakksha.local.services;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether a service's JVM writes its class-data archive at exit is read from the files when the launcher
 * stops, so the stop after the one that wrote it (or a restart that wrote it) does not announce it again.
 */
class RunningJarsTest {

    @TempDir
    Path runDir;

    @Test
    void aServiceWritesItsArchiveAtExitOnlyWhileNoneIsThere() throws Exception {
        RunningJars.Extracted extracted = new RunningJars.Extracted(runDir.resolve("booking-service/booking-service.jar"),
                Optional.of(runDir.resolve("booking-service.jsa")));
        assertThat(extracted.writesArchiveAtExit()).isTrue();

        // What the JVM leaves when it exits with -XX:+AutoCreateSharedArchive.
        Files.write(extracted.sharedArchive().orElseThrow(), new byte[] {1, 2, 3});
        assertThat(extracted.writesArchiveAtExit()).isFalse();
    }

    @Test
    void anArchiveCutShortIsDiscardedSoTheNextExitWritesItAfresh() throws Exception {
        RunningJars.Extracted extracted = new RunningJars.Extracted(runDir.resolve("payment-service/payment-service.jar"),
                Optional.of(runDir.resolve("payment-service.jsa")));
        Files.write(extracted.sharedArchive().orElseThrow(), new byte[] {1});

        extracted.discardArchive();

        assertThat(extracted.sharedArchive().orElseThrow()).doesNotExist();
        assertThat(extracted.writesArchiveAtExit()).isTrue();
        // A second stop that kills it again finds nothing to discard, which is no error.
        extracted.discardArchive();
    }

    @Test
    void withoutClassDataAServiceWritesNoArchiveAndHasNoneToDiscard() {
        RunningJars.Extracted extracted = new RunningJars.Extracted(runDir.resolve("booking-service/booking-service.jar"),
                Optional.empty());

        assertThat(extracted.writesArchiveAtExit()).isFalse();
        extracted.discardArchive();
    }

    @Test
    void aServiceRecordsItsArchiveWhileNoneIsThereAndMapsItOnceItIs() throws Exception {
        Path archive = runDir.resolve("booking-service.aot");
        RunningJars.Extracted extracted = new RunningJars.Extracted(runDir.resolve("booking-service/booking-service.jar"),
                Optional.of(archive));
        boolean aotCache = RunningJars.AOT_CACHE;

        assertThat(extracted.archiveOptions()).containsExactlyElementsOf(aotCache
                ? List.of("-XX:AOTCacheOutput=" + archive)
                : List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive"));
        Files.write(archive, new byte[] {1});
        assertThat(extracted.archiveOptions()).containsExactlyElementsOf(aotCache
                ? List.of("-XX:AOTCache=" + archive)
                : List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive"));
        assertThat(new RunningJars.Extracted(extracted.jar(), Optional.empty()).archiveOptions()).isEmpty();
    }
}
