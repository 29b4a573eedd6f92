import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Razorpay webhook measurements on the launcher's stack (run on the launcher's class path, for the
 * Postgres driver). Two modes:
 * <ul>
 * <li>{@code intake}: deliveries/s and p50/p99 to the 2xx at N concurrent senders (closed loop, virtual
 * threads, HTTP/1.1 keep-alive) of signed payment.captured deliveries, each with a fresh event id and
 * payment id (no payable matches them: payment-service stores, answers, then marks them UNMATCHED), against
 * a bare endpoint started here that only INSERTs the raw body into the same Postgres (a pool of 10
 * connections, like payment-service's), payment-service's webhook endpoint, and the same through the
 * gateway; one after the other in the same run.</li>
 * <li>{@code confirm}: one session after another: book through the gateway, create its order with the
 * booking's capability, pay it on the simulator with its webhooks held, then have the simulator deliver
 * payment.captured alone and poll Postgres every 2 ms until the session is CONFIRMED and PAID; p50/p99 of
 * that time (from just before the delivery is sent).</li>
 * </ul>
 * {@code java -cp deploy/local/target/nakksha-local.jar deploy/bench/WebhookBench.java intake --data-dir D
 * --clients 16 --seconds 20 --warmup-seconds 10}; {@code ... confirm --data-dir D --slug S --sessions 60}.
 */
public class WebhookBench {

    static final String GATEWAY = "http://localhost:8080";
    static final String PAYMENT = "http://localhost:8083";
    static final String SIMULATOR = "http://localhost:8090";
    static final String WEBHOOK_PATH = "/api/v1/payments/webhooks/razorpay";
    static final int BARE_PORT = 18090;
    static final String JDBC = "jdbc:postgresql://localhost:15432/nakksha";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(options.get("data-dir"), "secrets.properties"))) {
            secrets.load(reader);
        }
        switch (args[0]) {
            case "intake" -> intake(secrets, Integer.parseInt(options.getOrDefault("clients", "16")),
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))),
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "10"))));
            case "confirm" -> confirm(secrets, options.get("slug"), Integer.parseInt(options.getOrDefault("sessions", "60")));
            default -> throw new IllegalArgumentException("mode must be intake or confirm");
        }
    }

    // ---- intake

    static void intake(Properties secrets, int clients, Duration measured, Duration warmup) throws Exception {
        String webhookSecret = secrets.getProperty("razorpay.webhook-secret");
        try (BareEndpoint bare = new BareEndpoint(secrets.getProperty("postgres.password"))) {
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("bare", "http://localhost:" + BARE_PORT + "/webhook");
            targets.put("payment-service", PAYMENT + WEBHOOK_PATH);
            targets.put("gateway", GATEWAY + WEBHOOK_PATH);
            for (Map.Entry<String, String> target : targets.entrySet()) {
                run(target.getValue(), webhookSecret, clients, warmup);
                Result result = run(target.getValue(), webhookSecret, clients, measured);
                System.out.printf("RESULT target=%s clients=%d seconds=%.1f delivered=%d per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d%n",
                        target.getKey(), clients, result.seconds, result.latencies.length, result.latencies.length / result.seconds,
                        result.percentile(0.50), result.percentile(0.99), result.percentile(1.0), result.failures);
                Thread.sleep(3000);
            }
            System.out.println("bare endpoint stored " + bare.stored() + " bodies");
        }
    }

    record Result(double seconds, double[] latencies, long failures) {
        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))];
        }
    }

    static Result run(String url, String webhookSecret, int clients, Duration length) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + length.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                senders.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        byte[] body = capturedEvent();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("X-Razorpay-Signature", hmacHex(body, webhookSecret))
                                .header("x-razorpay-event-id", "evt_bench_" + UUID.randomUUID().toString().replace("-", ""))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        long sent = System.nanoTime();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status / 100 == 2) {
                                latencies.add(System.nanoTime() - sent);
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] millis = latencies.stream().mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
        return new Result(seconds, millis, failures.get());
    }

    /** A payment.captured delivery shaped like Razorpay's (shared/razorpay sample 02), with fresh ids: 1.4 kB. */
    static byte[] capturedEvent() {
        String payment = "pay_" + randomId();
        String order = "order_" + randomId();
        long now = Instant.now().getEpochSecond();
        return ("{\"entity\":\"event\",\"account_id\":\"acc_NakkshaLocal001\",\"event\":\"payment.captured\",\"contains\":[\"payment\"],"
                + "\"payload\":{\"payment\":{\"entity\":{\"id\":\"" + payment + "\",\"entity\":\"payment\",\"amount\":150000,\"currency\":\"INR\","
                + "\"status\":\"captured\",\"order_id\":\"" + order + "\",\"invoice_id\":null,\"international\":false,\"method\":\"upi\","
                + "\"amount_refunded\":0,\"refund_status\":null,\"captured\":true,\"description\":\"Consultation with Dr Asha Rao\","
                + "\"card_id\":null,\"bank\":null,\"wallet\":null,\"vpa\":\"meera.iyer@okexample\",\"email\":\"meera.iyer@example.test\","
                + "\"contact\":\"+919800000001\",\"notes\":{\"consultant_slug\":\"dr-asha-rao\"},\"fee\":3540,\"tax\":540,"
                + "\"error_code\":null,\"error_description\":null,\"error_source\":null,\"error_step\":null,\"error_reason\":null,"
                + "\"acquirer_data\":{\"rrn\":\"702913456781\"},\"created_at\":" + now + ",\"upi\":{\"payer_account_type\":\"bank_account\","
                + "\"vpa\":\"meera.iyer@okexample\"},\"base_amount\":150000,\"amount_transferred\":0}}},\"created_at\":" + now + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Stores each request's raw body in Postgres and answers 200: the least a webhook receiver must do. */
    static final class BareEndpoint implements AutoCloseable {
        private final HttpServer server;
        private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(10);
        private final AtomicLong stored = new AtomicLong();

        BareEndpoint(String superuserPassword) throws Exception {
            try (Connection setup = DriverManager.getConnection(JDBC, "postgres", superuserPassword)) {
                setup.createStatement().execute("CREATE SCHEMA IF NOT EXISTS bench");
                setup.createStatement().execute("CREATE TABLE IF NOT EXISTS bench.webhook_raw (id bigserial PRIMARY KEY, body bytea NOT NULL,"
                        + " received_at timestamptz NOT NULL DEFAULT now())");
            }
            for (int i = 0; i < 10; i++) {
                pool.add(DriverManager.getConnection(JDBC, "postgres", superuserPassword));
            }
            server = HttpServer.create(new InetSocketAddress("localhost", BARE_PORT), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/webhook", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                int status = 200;
                Connection connection = null;
                try {
                    connection = pool.take();
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench.webhook_raw (body) VALUES (?)")) {
                        insert.setBytes(1, body);
                        insert.executeUpdate();
                    }
                    stored.incrementAndGet();
                } catch (SQLException | InterruptedException e) {
                    status = 503;
                } finally {
                    if (connection != null) {
                        pool.add(connection);
                    }
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        long stored() {
            return stored.get();
        }

        @Override
        public void close() throws SQLException {
            server.stop(0);
            for (Connection connection : pool) {
                connection.close();
            }
        }
    }

    // ---- confirm

    static void confirm(Properties secrets, String slug, int sessions) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Instant firstSlot = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        List<Double> millis = new ArrayList<>();
        List<Double> orderableMillis = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(JDBC, "postgres", secrets.getProperty("postgres.password"));
             PreparedStatement state = db.prepareStatement("SELECT status, payment_status FROM booking.session WHERE id = ?::uuid")) {
            for (int i = 0; i < sessions; i++) {
                String start = firstSlot.plus(Duration.ofMinutes(30L * i)).toString();
                String booking = post(http, GATEWAY + "/api/v1/public/consultants/" + slug + "/bookings", Map.of("Idempotency-Key", UUID.randomUUID().toString()),
                        "{\"start\":\"" + start + "\",\"type\":\"PERSONAL\",\"durationMinutes\":30,\"name\":\"Bench Client " + i
                                + "\",\"email\":\"bench" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.in\"}", 201);
                String sessionId = field(booking, "sessionId");
                // payment-service learns of the payable from SessionBooked on Kafka: until then the order answers 404.
                long booked = System.nanoTime();
                String order = orderWhenPayable(http, "{\"payableId\":\"" + field(booking, "payableId") + "\",\"capability\":\""
                        + field(booking, "paymentCapability") + "\"}");
                orderableMillis.add((System.nanoTime() - booked) / 1e6);
                String orderId = field(order, "orderId");
                String paid = post(http, SIMULATOR + "/simulator/orders/" + orderId + "/pay", Map.of(),
                        "{\"method\":\"upi\",\"outcome\":\"success\",\"deliver\":false}", 200);
                String paymentId = field(paid, "razorpay_payment_id");

                long sent = System.nanoTime();
                String delivery = post(http, SIMULATOR + "/simulator/payments/" + paymentId + "/webhooks/payment.captured", Map.of(), "", 200);
                if (!"200".equals(field(delivery, "lastStatus"))) {
                    throw new IllegalStateException("payment.captured was answered " + delivery);
                }
                long deadline = sent + Duration.ofSeconds(60).toNanos();
                while (true) {
                    state.setString(1, sessionId);
                    try (ResultSet row = state.executeQuery()) {
                        if (row.next() && row.getString(1).equals("CONFIRMED") && row.getString(2).equals("PAID")) {
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("session " + sessionId + " was not CONFIRMED+PAID within 60 s");
                    }
                    Thread.sleep(2);
                }
                millis.add((System.nanoTime() - sent) / 1e6);
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Result result = new Result(0, sorted, 0);
        System.out.printf("RESULT confirm sessions=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f min_ms=%.1f%n",
                sorted.length, result.percentile(0.50), result.percentile(0.99), result.percentile(1.0), sorted[0]);
        Result orderable = new Result(0, orderableMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0);
        System.out.printf("RESULT orderable sessions=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                orderableMillis.size(), orderable.percentile(0.50), orderable.percentile(0.99), orderable.percentile(1.0));
    }

    static String orderWhenPayable(HttpClient http, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/v1/payments/orders"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return response.body();
            }
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                throw new IllegalStateException("POST /api/v1/payments/orders answered " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(10);
        }
    }

    static String post(HttpClient http, String url, Map<String, String> headers, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 ? response.statusCode() != expected : response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A top-level string or number field of a flat JSON answer; enough for the answers read here. */
    static String field(String json, String name) {
        Matcher found = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9]+))").matcher(json);
        if (!found.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return found.group(2) != null ? found.group(2) : found.group(3);
    }

    static String randomId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 14; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    static String hmacHex(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
