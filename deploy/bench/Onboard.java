import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Onboards consultants through the gateway of the launcher's stack, as PlatformJourneysIT does: signup,
 * the verification token read from identity.consultant and opened with the stack's link-token key, verify,
 * login, prices, admin approval (the bootstrap admin with a TOTP second factor, see {@link #adminToken()}), refresh, availability open 24x7 on a 30-minute grid for 365 days, and waits
 * until each public page answers. Prints one line per consultant: {@code <slug> <consultantId>}.
 *
 * Run with the launcher's class path (Kafka client and the event schemas):
 *   java -cp deploy/local/target/nakksha-local.jar deploy/bench/Onboard.java --data-dir DIR --count N (1 to 128)
 */
public class Onboard {

    private static final String PASSWORD = "Bench-through-Nakksha-2026";
    private static final String ADMIN_EMAIL = "admin@nakksha.local";
    private static final String KAFKA = "localhost:9092";
    private static final Duration EVENTUAL = Duration.ofSeconds(90);
    private static final List<String> LAST_NAMES = List.of("Rao", "Iyer", "Nair", "Das", "Shah", "Menon", "Gupta", "Bose",
            "Kapoor", "Reddy", "Joshi", "Pillai", "Sen", "Verma", "Mehta", "Patil");
    /** A 15-minute JIT settle at 200 bookings a second books some 180,000 slots; a consultant holds 2,160. */
    private static final int MAX_COUNT = 128;

    /** Where deploy/local's journeys keep the bootstrap admin's TOTP secret too: one enrolment per stack. */
    private static final String TOTP_STATE_FILE = "admin-totp.properties";
    private static final long TOTP_STEP_SECONDS = 30;

    private final String gateway;
    private final Path dataDir;
    private final Properties secrets;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Onboard(String gateway, Path dataDir, Properties secrets) {
        this.gateway = gateway;
        this.dataDir = dataDir;
        this.secrets = secrets;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path dataDir = Path.of(required(options, "data-dir"));
        int count = Integer.parseInt(options.getOrDefault("count", "4"));
        // Names repeat after the sixteenth; identity gives a repeated name's slug a suffix (bench-rao-2).
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--count must be 1.." + MAX_COUNT);
        }
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDir.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        new Onboard(options.getOrDefault("gateway", "http://localhost:8080"), dataDir, secrets).onboard(count);
    }

    private void onboard(int count) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = "bench." + run + "." + i + "@example.in";
            expect(201, post("/api/v1/auth/signup", null, """
                    {"email":"%s","password":"%s","firstName":"Bench","lastName":"%s","phoneNumber":"9876543210"}"""
                    .formatted(email, PASSWORD, LAST_NAMES.get(i % LAST_NAMES.size()))));
            emails.add(email);
        }
        Map<String, ConsultantEmailLinkRequested> links = awaitVerificationLinks(emails);

        String adminToken = adminToken();
        List<String> slugs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String email = emails.get(i);
            ConsultantEmailLinkRequested link = links.get(email);
            String consultantId = link.getConsultantId().toString();
            String token = openSealedToken(link.getSealedToken(), "EMAIL_VERIFICATION:" + consultantId);
            expect(204, post("/api/v1/auth/verify-email", null, "{\"token\":\"" + token + "\"}"));
            String login = expect(200, post("/api/v1/auth/login", null, """
                    {"email":"%s","password":"%s"}""".formatted(email, PASSWORD)));
            String pendingToken = field(login, "accessToken");
            String slug = field(expect(200, send(request("/api/v1/consultants/me", pendingToken).GET())), "slug");
            expect(200, send(request("/api/v1/consultants/me", pendingToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"firstName":"Bench","lastName":"%s","phoneCountryCode":"+91","phoneNumber":"9876543210","slug":"%s",
                             "timezone":"Asia/Kolkata","consultancySector":"Career coaching",
                             "personalSessionTitle":"One-to-one career session","personalSessionPrice":1500,
                             "webinarSessionTitle":"Interview masterclass","webinarSessionPrice":499}"""
                            .formatted(LAST_NAMES.get(i % LAST_NAMES.size()), slug)))));
            int approval = post("/api/v1/admin/consultants/" + consultantId + "/approve", adminToken, "{}").status();
            if (approval < 200 || approval > 204) {
                throw new IllegalStateException("approval of " + consultantId + " answered " + approval);
            }
            String approvedToken = field(expect(200, post("/api/v1/auth/refresh", null,
                    "{\"refreshToken\":\"" + field(login, "refreshToken") + "\"}")), "accessToken");
            expect(200, send(request("/api/v1/availability", approvedToken).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(OPEN_ALL_WEEK))));
            slugs.add(slug);
            ids.add(consultantId);
        }
        for (int i = 0; i < count; i++) {
            awaitPublicPage(slugs.get(i));
            System.out.println(slugs.get(i) + " " + ids.get(i));
        }
    }

    /** 24x7 in Asia/Kolkata (+05:30, so the local half-hour grid is also a UTC half-hour grid), 365 days ahead, no buffers. */
    private static final String OPEN_ALL_WEEK = """
            {"timeZone":"Asia/Kolkata",
             "weeklyHours":{%s},
             "breaks":{},"dateOverrides":[],"minimumNoticeMinutes":60,"maximumAdvanceDays":365,
             "bufferBeforeMinutes":0,"bufferAfterMinutes":0,"slotIntervalMinutes":30,
             "durations":{"PERSONAL":[30],"WEBINAR":[60]},"webinarSeats":20,
             "meetingLinks":{"ZOOM":"https://zoom.us/j/1234567890"}}""".formatted(String.join(",",
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY").stream()
                    .map(day -> "\"" + day + "\":[{\"start\":\"00:00\",\"end\":\"24:00\"}]").toList()));

    private void awaitPublicPage(String slug) throws InterruptedException {
        long deadline = System.nanoTime() + EVENTUAL.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = send(request("/api/v1/public/consultants/" + slug, null).GET());
            if (last.status() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("public page of " + slug + " not open within " + EVENTUAL + ": " + last);
    }

    /**
     * The bootstrap admin's access token with a second factor (README "Admin bootstrap and second factor"). The
     * stack's first admin login enrols TOTP with the password-only token and keeps the secret in
     * {@code <data-dir>/admin-totp.properties}; every login sends the code of a step not used before (identity takes
     * each step once), waiting for the next step when the current one is used.
     */
    private String adminToken() throws IOException, GeneralSecurityException, InterruptedException {
        Path stateFile = dataDir.resolve(TOTP_STATE_FILE);
        String credentials = "\"email\":\"%s\",\"password\":\"%s\"".formatted(ADMIN_EMAIL, secrets.getProperty("admin.password"));
        Properties state = new Properties();
        if (Files.exists(stateFile)) {
            try (Reader reader = Files.newBufferedReader(stateFile)) {
                state.load(reader);
            }
        } else {
            String enrolling = field(expect(200, post("/api/v1/auth/admin/login", null, "{" + credentials + "}")), "accessToken");
            String secret = field(expect(200, post("/api/v1/admin/totp/enrolment", enrolling, "{}")), "secret");
            long step = System.currentTimeMillis() / 1000 / TOTP_STEP_SECONDS;
            // The answer holds the recovery codes: not printed, the secret file is enough for a throw-away stack.
            expect(200, post("/api/v1/admin/totp/enrolment/confirmation", enrolling, "{\"code\":\"" + totp(secret, step) + "\"}"));
            state.setProperty("secret", secret);
            state.setProperty("last-used-step", Long.toString(step));
        }
        long step = Math.max(System.currentTimeMillis() / 1000 / TOTP_STEP_SECONDS, Long.parseLong(state.getProperty("last-used-step")) + 1);
        long wait = step * TOTP_STEP_SECONDS * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait + 100);
        }
        Response login = post("/api/v1/auth/admin/login", null, "{" + credentials + ",\"totpCode\":\"" + totp(state.getProperty("secret"), step) + "\"}");
        state.setProperty("last-used-step", Long.toString(step));
        try (Writer writer = Files.newBufferedWriter(stateFile)) {
            state.store(writer, "TOTP of the bootstrap admin, written by deploy/bench/Onboard.java");
        }
        return field(expect(200, login), "accessToken");
    }

    /**
     * The RFC 6238 code of {@code step} with identity's parameters (HMAC-SHA1, 6 digits, 30 s steps). Written out
     * here because this program runs on the launcher's class path, which has no OTP library; the journeys use java-otp.
     */
    static String totp(String base32Secret, long step) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        return "%06d".formatted((ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff) % 1_000_000);
    }

    /** RFC 4648 Base32, padding optional, as identity hands out the secret. */
    private static byte[] base32(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
            int value = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }

    /** Reads identity.consultant from the beginning, as notification-service would, until every address has its link. */
    private static Map<String, ConsultantEmailLinkRequested> awaitVerificationLinks(List<String> emails) {
        AvroEventCodec codec = new AvroEventCodec();
        Map<String, ConsultantEmailLinkRequested> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-onboarding-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.IDENTITY_CONSULTANT.topicName(), Duration.ofSeconds(30))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + EVENTUAL.toNanos();
            while (found.size() < emails.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord event = codec.decode(record.value());
                    if (event instanceof ConsultantEmailLinkRequested link && emails.contains(link.getEmail().toString())) {
                        found.put(link.getEmail().toString(), link);
                    }
                }
            }
        }
        if (found.size() < emails.size()) {
            throw new IllegalStateException("verification links found for " + found.keySet() + " of " + emails);
        }
        return found;
    }

    /** {@code v1.<keyId>.<base64url(iv || ciphertext || tag)>}, AES-256-GCM, as identity-service's README describes. */
    private String openSealedToken(String sealed, String associatedData) throws Exception {
        String[] parts = sealed.split("\\.");
        byte[] key = Base64.getDecoder().decode(secrets.getProperty("link-token.key"));
        byte[] box = Base64.getUrlDecoder().decode(parts[2]);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, box, 0, 12));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(box, 12, box.length - 12), StandardCharsets.UTF_8);
    }

    private record Response(int status, String body) {
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Waits out a 429 (Retry-After) so onboarding also works with the gateway's default auth limits. */
    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429 || attempt == 30) {
                    return new Response(response.statusCode(), response.body());
                }
                long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(2L);
                Thread.sleep(Duration.ofSeconds(seconds).plusMillis(200));
            }
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String expect(int status, Response response) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + " " + response.body());
        }
        return response.body();
    }

    /** A top-level string field of a JSON answer; enough for tokens and the slug. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
