package com.nakksha.local.services;

import com.nakksha.local.LaunchFailure;
import com.nakksha.local.PlatformService;
import com.nakksha.local.process.ManagedProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Polls every starting service's readiness endpoint until all say UP, one dies, or time runs out. */
public final class ReadinessWatch {

    private static final Pattern STATUS_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
    private static final int LOG_LINES_ON_FAILURE = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public static URI readinessUri(PlatformService service) {
        return URI.create("http://localhost:" + service.managementPort() + "/actuator/health/readiness");
    }

    public boolean isReady(PlatformService service) {
        HttpRequest request = HttpRequest.newBuilder(readinessUri(service)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && STATUS_UP.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Returns when every service is ready; reports each as it becomes ready. A service that exits, or
     * one still not ready at the deadline, fails the launch with the end of its log.
     */
    public void awaitAll(Map<PlatformService, ManagedProcess> starting, Duration timeout,
                         Consumer<PlatformService> onReady, BooleanSupplier cancelled) {
        Map<PlatformService, ManagedProcess> waiting = new LinkedHashMap<>(starting);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!waiting.isEmpty()) {
            if (cancelled.getAsBoolean()) {
                throw new LaunchFailure("stopped while the services were starting");
            }
            for (var entry : Map.copyOf(waiting).entrySet()) {
                PlatformService service = entry.getKey();
                ManagedProcess process = entry.getValue();
                if (!process.isAlive()) {
                    throw new LaunchFailure(service.module() + " exited with code " + process.exitCode().orElse(-1)
                            + " while starting (log: " + process.logFile() + ")", process.logTail(LOG_LINES_ON_FAILURE));
                }
                if (isReady(service)) {
                    waiting.remove(service);
                    onReady.accept(service);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                PlatformService late = waiting.keySet().iterator().next();
                throw new LaunchFailure(String.join(", ", waiting.keySet().stream().map(PlatformService::module).toList())
                        + " not ready after " + timeout.toSeconds() + " s (" + readinessUri(late)
                        + "); showing " + late.module() + "'s log " + waiting.get(late).logFile(),
                        waiting.get(late).logTail(LOG_LINES_ON_FAILURE));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailure("interrupted while waiting for the services");
            }
        }
    }
}
