package com.nakksha.local.journeys;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A web client of the platform: everything goes through the gateway on :8080. */
public final class PlatformClient {

    public static final String GATEWAY = "http://localhost:8080";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final AtomicInteger NEW_ADDRESSES = new AtomicInteger();

    private final HttpClient http;
    private final String gateway;

    /** A client on the machine's usual loopback address. */
    public PlatformClient() {
        this(GATEWAY, null);
    }

    private PlatformClient(String gateway, InetAddress localAddress) {
        // The gateway speaks HTTP/1.1 only; the JDK's default (HTTP/2) would offer an h2c upgrade on every new connection.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        this.http = builder.build();
        this.gateway = gateway;
    }

    /**
     * A client on a loopback address no other client of this run has had (127.0.1.1, 127.0.1.2, …): a user on a
     * device of their own, with the per-address limits' buckets to themselves, as real users have.
     */
    public static PlatformClient onANewAddress() {
        int device = NEW_ADDRESSES.getAndIncrement();
        return from("127.0." + (1 + device / 254) + "." + (1 + device % 254));
    }

    /**
     * A client connecting from its own loopback address, e.g. {@code 127.0.0.42} (Linux routes all of 127.0.0.0/8 to
     * the loopback interface): the gateway and the services limit per client address, so an attacker or racer on an
     * address of its own neither spends nor is helped by the buckets of the other journeys, which have theirs
     * (127.0.0.1 for the classes that run alone).
     */
    public static PlatformClient from(String loopbackAddress) {
        try {
            InetAddress address = InetAddress.getByName(loopbackAddress);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(loopbackAddress + " is not a loopback address");
            }
            // By IPv4 address: "localhost" may resolve to ::1, which a socket bound to 127.0.0.x cannot reach.
            return new PlatformClient("http://127.0.0.1:8080", address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Response get(String path, String token) {
        return get(path, token, Map.of());
    }

    /** A GET with extra headers, e.g. the User-Agent of a particular browser or link scanner. */
    public Response get(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path, token).GET();
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response post(String path, String token, Object body) {
        return post(path, token, body, Map.of());
    }

    public Response post(String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(builder::header);
        return send(builder);
    }

    /**
     * Calls again, as a well-behaved client does, while the platform answers 429 (a rate limit) or 503 (a service
     * away or overloaded), each time after the answer's {@code Retry-After} seconds (1 s when it has none), for at
     * most {@link #GIVE_UP_AFTER}; a request carrying an {@code Idempotency-Key} sends the same key again. The wait is
     * the one the server asks for, not a poll for a condition.
     *
     * @return the first answer that is neither, or the last one at the deadline
     */
    public static Response honouringRetryAfter(Supplier<Response> call) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        Response answer = call.get();
        while ((answer.status() == 429 || answer.status() == 503) && System.nanoTime() < deadline) {
            String retryAfter = answer.header("Retry-After");
            Thread.sleep(Duration.ofSeconds(retryAfter == null ? 1 : Math.max(1, Long.parseLong(retryAfter.trim()))));
            answer = call.get();
        }
        return answer;
    }

    /** How long {@link #honouringRetryAfter} keeps asking. */
    public static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    public Response put(String path, String token, Object body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /**
     * A request without a body in any method ({@code TRACE}, {@code OPTIONS} …), the path sent exactly as written
     * (percent-escapes included), with {@code headers}.
     */
    public Response exchange(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path, null).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(builder::header);
        return send(builder);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String contentType, Map<String, java.util.List<String>> headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text(String field) {
            return json().path(field).asText();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
