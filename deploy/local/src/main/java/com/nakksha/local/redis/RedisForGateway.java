package com.nakksha.local.redis;

import com.nakksha.local.process.ManagedProcess;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Redis backs the gateway's rate limiter. A Redis already answering on 6379 is used as it is, and the
 * launcher says whose it is (its counters are shared with whatever else uses it); otherwise
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

    /**
     * A Redis the launcher did not start; {@code owner} says whose it is (process id, user and program,
     * from its {@code INFO server} and the operating system), as its rate-limit counters are shared
     * with whatever else uses it.
     */
    public record AlreadyRunning(int port, String owner) implements Outcome {
        public String describe() {
            return HOST + ":" + port + " (" + owner + ", not started by the launcher: shared with anything else that "
                    + "uses it; stop it, or free port " + port + ", to have the launcher run its own redis-server)";
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
            return new AlreadyRunning(port, ownerOf(port));
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

    /** Whose the Redis on {@code port} is, as far as its {@code INFO server} and the OS tell. */
    static String ownerOf(int port) {
        Map<String, String> info = serverInfo(port);
        String pid = info.get("process_id");
        if (pid == null) {
            return "a Redis that does not say its process id";
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
        String user = process.flatMap(handle -> handle.info().user()).orElse("an unknown user");
        String program = commandLineOf(pid)
                .or(() -> process.flatMap(handle -> handle.info().command()))
                .orElse(info.getOrDefault("executable", "redis-server"));
        return "Redis pid " + pid + " of " + user + ", " + program;
    }

    /**
     * The process's command line as {@code ps} shows it, which names the program as it was started: the JDK's
     * {@code ProcessHandle.Info.command()} resolves {@code /proc/PID/exe}, and on Debian {@code /usr/bin/redis-server}
     * is a link to {@code redis-check-rdb}. Empty where there is no {@code /proc} or it is not readable.
     */
    private static Optional<String> commandLineOf(String pid) {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> serverInfo(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("$")) {
                return Map.of();
            }
            char[] body = new char[Integer.parseInt(header.substring(1))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            Map<String, String> info = new HashMap<>();
            new String(body, 0, read).lines().forEach(line -> {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    info.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            });
            return info;
        } catch (IOException | NumberFormatException e) {
            return Map.of();
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
