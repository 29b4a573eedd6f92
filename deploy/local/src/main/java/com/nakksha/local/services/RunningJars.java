package com.nakksha.local.services;

import com.nakksha.local.PlatformService;
import com.nakksha.infrastructure.process.JavaRuntime;
import com.nakksha.local.process.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Each service runs from its Spring Boot jar extracted into {@code <repo>/.nakksha-cache/run/<service>/<build>},
 * with a class-data-sharing archive beside it that the JVM writes on its first exit and maps on every later
 * start. Two reasons: a service starts two to three times faster that way (measured: payment-service
 * 8.6 s from the fat jar, 3.3 s extracted with the archive), and a {@code mvn package} while the
 * stack runs rewrites target/*.jar, which would break a service still loading classes from it.
 * <p>
 * The extraction and its archive belong to the built jar (its size and modification time name the
 * {@code <build>} directory), not to a data dir: a stack started on an empty data dir from jars that
 * ran before starts as fast as a warm one. A changed built jar gets a directory of its own; the two
 * most recently used builds of each service are kept, so a stack still running the previous build
 * keeps its files.
 */
public final class RunningJars {

    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(2);

    /** Whether the services' JVM (the launcher's own) writes AOT caches: JDK 25 or newer. */
    static final boolean AOT_CACHE = Runtime.version().feature() >= 25;

    /** Builds of one service kept: the one starting now and the one a stack may still run. */
    private static final int BUILDS_KEPT = 2;

    private final Path repoRoot;
    private final Path cacheDir;
    private final JavaRuntime java;
    private final boolean classDataArchives;

    /** @param cacheDir where extractions and archives of every build live, shared by every data dir */
    public RunningJars(Path repoRoot, Path cacheDir, JavaRuntime java) {
        this(repoRoot, cacheDir, java, true);
    }

    /**
     * @param classDataArchives whether services map (and at their first exit write) a class-data archive; a
     *                          stack started once, as a test's, starts no faster with one and stops slower
     */
    public RunningJars(Path repoRoot, Path cacheDir, JavaRuntime java, boolean classDataArchives) {
        this.repoRoot = repoRoot;
        this.cacheDir = cacheDir;
        this.java = java;
        this.classDataArchives = classDataArchives;
    }

    /** The launcher's cache under the repository, beside the default data dir, ignored by git like it. */
    public static Path cacheDirOf(Path repoRoot) {
        return repoRoot.resolve(".nakksha-cache").resolve("run");
    }

    /**
     * Where one service runs from. The JVM writes the archive when it exits while none is there: once per
     * build of the service, which takes seconds. One killed while writing leaves a broken file that must go.
     */
    public record Extracted(Path jar, Optional<Path> sharedArchive) {

        /**
         * The JVM options that map the archive, or have this run record it and write it as it exits. From JDK 25 an
         * AOT cache (JEP 483 and 514: its classes come loaded and linked; cold starts of the stack 40 s instead of
         * 45 s here), before that a dynamic class-data-sharing archive, which the JVM also rewrites when stale.
         */
        public List<String> archiveOptions() {
            if (sharedArchive.isEmpty()) {
                return List.of();
            }
            Path archive = sharedArchive.get();
            if (AOT_CACHE) {
                return List.of(writesArchiveAtExit() ? "-XX:AOTCacheOutput=" + archive : "-XX:AOTCache=" + archive);
            }
            return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
        }

        /** Whether this service's JVM will write its archive when it exits, as no archive is there now. */
        public boolean writesArchiveAtExit() {
            return sharedArchive.filter(archive -> !Files.isRegularFile(archive)).isPresent();
        }

        /** Removes an archive the JVM was killed while writing, so that the next exit writes it afresh. */
        public void discardArchive() {
            try {
                if (sharedArchive.isPresent()) {
                    Files.deleteIfExists(sharedArchive.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Extracts in the background, all services at once, while Postgres and Kafka come up. */
    public CompletableFuture<Map<PlatformService, Extracted>> prepare(List<PlatformService> services) {
        Map<PlatformService, CompletableFuture<Extracted>> extractions = new EnumMap<>(PlatformService.class);
        for (PlatformService service : services) {
            extractions.put(service, CompletableFuture.supplyAsync(() -> prepare(service)));
        }
        return CompletableFuture.allOf(extractions.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<PlatformService, Extracted> runnables = new EnumMap<>(PlatformService.class);
            extractions.forEach((service, extraction) -> runnables.put(service, extraction.join()));
            return runnables;
        });
    }

    private Extracted prepare(PlatformService service) {
        Path built = ServiceLauncher.jarOf(repoRoot, service);
        Path builds = cacheDir.resolve(service.module());
        try {
            Path build = builds.resolve(Files.size(built) + "-" + Files.getLastModifiedTime(built).toMillis());
            Path jar = build.resolve(service.module() + ".jar");
            if (!Files.isRegularFile(jar)) {
                extractInto(service, built, build);
            }
            // The directory's time says when the build last started, which decides what pruning keeps.
            Files.setLastModifiedTime(build, FileTime.from(Instant.now()));
            pruneOlderThanKept(builds);
            Path archive = build.resolve(archiveName(service));
            // An empty one is what a JVM killed while assembling its AOT cache leaves: the JVM would refuse it at every
            // start and, as it is there, never write it again.
            if (Files.isRegularFile(archive) && Files.size(archive) == 0) {
                Files.delete(archive);
            }
            return new Extracted(jar, classDataArchives ? Optional.of(archive) : Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + built + " in " + builds, e);
        }
    }

    /**
     * Named for the JDK that writes it: a cache of another JDK would not be used, and, being there, not rewritten
     * either (the JVM rewrites a stale class-data archive by itself, not an AOT cache).
     */
    private static String archiveName(PlatformService service) {
        return AOT_CACHE
                ? service.module() + "-" + Runtime.version().toString().replaceAll("[^0-9A-Za-z.+-]", "_") + ".aot"
                : service.module() + ".jsa";
    }

    /** Extracts beside the destination and moves it in whole, so a concurrent launch never sees half of it. */
    private void extractInto(PlatformService service, Path built, Path build) throws IOException {
        Files.createDirectories(build.getParent());
        Path partial = Files.createTempDirectory(build.getParent(), build.getFileName() + ".partial-");
        try {
            extract(service, built, partial.resolve("jar"));
            Files.move(partial.resolve("jar"), build, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException another) {
            // Another launch extracted the same build meanwhile; its copy is as good as this one.
        } finally {
            deleteRecursively(partial);
        }
    }

    private void extract(PlatformService service, Path built, Path destination) throws IOException {
        Path log = destination.resolveSibling("extract.log");
        ManagedProcess extraction = ManagedProcess.start(service.module() + "-extract",
                List.of(java.executable().toString(), "-Djarmode=tools", "-jar", built.toString(),
                        "extract", "--destination", destination.toString()),
                Map.of(), destination.getParent(), log);
        if (!extraction.awaitExit(EXTRACT_TIMEOUT) || extraction.exitCode().orElse(-1) != 0 || !Files.isDirectory(destination)) {
            extraction.kill();
            throw new IllegalStateException("extracting " + built + " failed: " + String.join(" / ", extraction.logTail(5)));
        }
    }

    private static void pruneOlderThanKept(Path builds) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(builds, entry -> Files.isDirectory(entry)
                && !entry.getFileName().toString().contains(".partial-"))) {
            entries.forEach(all::add);
        }
        if (all.size() <= BUILDS_KEPT) {
            return;
        }
        all.sort(Comparator.comparing(RunningJars::lastStarted).reversed());
        for (Path old : all.subList(BUILDS_KEPT, all.size())) {
            deleteRecursively(old);
        }
    }

    private static FileTime lastStarted(Path build) {
        try {
            return Files.getLastModifiedTime(build);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                Files.deleteIfExists(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
