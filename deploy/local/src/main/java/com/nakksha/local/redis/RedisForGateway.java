package com.nakksha.local.redis;

import com.nakksha.local.process.ManagedProcess;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Redis backs the gateway's rate limiter. A Redis already answering on 6379 is used as it is; otherwise
 * a {@code redis-server} on the PATH is started without persistence. Without either the gateway still
 * starts: Spring Cloud Gateway's RedisRateLimiter lets requests through when Redis cannot be reached.
 */
public final class RedisForGateway {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    /** What the launcher found or did about Redis. */
    public sealed interface Outcome {
        String describe();
    }

    public record AlreadyRunning(int port) implements Outcome {
        public String describe() {
            return HOST + ":" + port + " (already running, not started by the launcher)";
        }
    }

    public record Started(int port, ManagedProcess process) implements Outcome {
        public String describe() {
            return HOST + ":" + port + " (redis-server started by the launcher, no persistence)";
        }
    }

    public record Unavailable(String reason) implements Outcome {
        public String describe() {
            return "not available (" + reason + "): the gateway runs, its rate limiter lets every request through";
        }
    }

    private RedisForGateway() {
    }

    public static Outcome ensure(Path logFile, Path workingDir) throws IOException {
        return ensure(PORT, logFile, workingDir);
    }

    static Outcome ensure(int port, Path logFile, Path workingDir) throws IOException {
        if (answersPing(port)) {
            return new AlreadyRunning(port);
        }
        if (isListening(port)) {
            return new Unavailable("port " + port + " is taken by something that does not answer Redis PING");
        }
        Optional<Path> redisServer = onPath("redis-server");
        if (redisServer.isEmpty()) {
            return new Unavailable("no Redis on " + port + " and no redis-server on the PATH; install it, "
                    + "e.g. apt-get install redis-server or brew install redis");
        }
        ManagedProcess redis = ManagedProcess.start("redis", List.of(redisServer.get().toString(),
                        "--port", String.valueOf(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                        "--daemonize", "no"),
                Map.of(), workingDir, logFile);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && redis.isAlive()) {
            if (answersPing(port)) {
                return new Started(port, redis);
            }
            pause();
        }
        redis.stop(Duration.ofSeconds(2));
        return new Unavailable("redis-server did not answer PING; see " + logFile);
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
