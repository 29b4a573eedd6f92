package com.nakksha.local.services;

import com.nakksha.local.PlatformService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A Spring Boot jar loads classes from itself for as long as the JVM runs; a {@code mvn package}
 * while the stack runs would rewrite it under the service and break it. So each service runs from a
 * copy in {@code <data-dir>/run}, refreshed only when the built jar changed.
 */
public final class RunningJars {

    private final Path repoRoot;
    private final Path runDir;

    public RunningJars(Path repoRoot, Path dataDir) {
        this.repoRoot = repoRoot;
        this.runDir = dataDir.resolve("run");
    }

    /** Copies in the background: hundreds of megabytes on a first start, while Postgres and Kafka come up. */
    public CompletableFuture<Map<PlatformService, Path>> prepare(List<PlatformService> services) {
        return CompletableFuture.supplyAsync(() -> {
            Map<PlatformService, Path> copies = new EnumMap<>(PlatformService.class);
            for (PlatformService service : services) {
                copies.put(service, copyOf(service));
            }
            return copies;
        });
    }

    private Path copyOf(PlatformService service) {
        Path built = ServiceLauncher.jarOf(repoRoot, service);
        Path copy = runDir.resolve(service.module() + ".jar");
        try {
            Files.createDirectories(runDir);
            boolean current = Files.exists(copy)
                    && Files.size(copy) == Files.size(built)
                    && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(built));
            if (!current) {
                Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + built + " to " + copy, e);
        }
    }
}
