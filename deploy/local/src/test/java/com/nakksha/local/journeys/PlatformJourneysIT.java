package com.nakksha.local.journeys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.local.LocalStack;
import com.nakksha.local.PlatformService;
import com.nakksha.local.RestartCommand;
import com.nakksha.local.SharedStack;
import com.nakksha.local.StackTurn;
import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.process.PidFile;
import com.nakksha.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The flows of DESIGN.md driven through the gateway of the launcher's whole stack, as a web client
 * would: the stack as started (every service ready, topics, schema isolation), onboarding with the
 * approval gate, the booking race, rate limiting, a killed service answering 503 while the others serve and the
 * launcher bringing it back, the restart command, and a clean stop that frees every port. The steps build on each
 * other (one consultant is onboarded, then booked on their page). Postgres and the broker killed under load are
 * {@code FaultsIT}'s, which runs just before on the same stack with the money loop as its load.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated
@Order(SharedStack.STOPS_THE_STACK)
@ExtendWith(SharedStack.class)
class PlatformJourneysIT {

    private static final String PASSWORD = "Journey-through-Nakksha-2026";
    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    /** A restarted service JVM on a busy two-core machine, after the launcher's first backoff. */
    private static final Duration RECOVERY = Duration.ofSeconds(150);

    private static Path dataDir;
    private static LocalStack stack;
    private static List<String> launcherOutput;
    private static final PlatformClient client = new PlatformClient();
    private static AdminLogin bootstrapAdmin;

    private static String consultantId;
    private static String slug;
    private static String accessToken;

    @BeforeAll
    static void takeTheSharedStack() {
        dataDir = SharedStack.dataDir();
        stack = SharedStack.stack();
        launcherOutput = SharedStack.launcherOutput();
        bootstrapAdmin = new AdminLogin(client, dataDir);
    }

    /** The run's last class: its end stops the shared stack, and nothing of it may stay behind. */
    @AfterAll
    static void stopThePlatformAndEveryPortIsFreeAgain() {
        if (stack == null) {
            return;
        }
        SharedStack.stop();
        assertThat(StackTurn.stackPorts()).allSatisfy(port -> assertThat(port.isFree()).as("port %s after stop", port).isTrue());
        assertThat(dataDir.resolve("launcher.pids")).doesNotExist();
    }

    @Test
    @Order(0)
    void everyServiceIsReadyBehindTheGatewayWithItsTopicsAndReachesOnlyItsOwnSchema() throws Exception {
        for (PlatformService service : PlatformService.values()) {
            // The gateway and the Razorpay simulator have no schema and no /health/{service} route.
            if (service.schema().isEmpty()) {
                continue;
            }
            String shortName = service.schema().orElseThrow();
            PlatformClient.Response health = client.get("/health/" + shortName, null);
            assertThat(health.status()).as("GET /health/%s through the gateway", shortName).isEqualTo(200);
            assertThat(health.text("status")).isEqualTo("UP");
        }
        try (Admin admin = Admin.create(LocalKafka.adminConfig())) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Topic topic : Topic.values()) {
                assertThat(topics).contains(topic.topicName(), topic.deadLetterTopicName());
            }
        }
        try (Connection payment = SharedStack.connectAs("payment");
             Statement sql = payment.createStatement()) {
            sql.execute("SELECT count(*) FROM outbox_event");
            assertThatThrownBy(() -> sql.execute("SELECT count(*) FROM booking.outbox_event"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(SharedStack.databaseUrl(), "payment", "wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        assertThat(stack.summary()).contains("gateway-service", "8080", "15432", "9092");
    }

    @Test
    @Order(1)
    void aConsultantSignsUpVerifiesAndIsHeldOutOfEveryDashboardUntilAnAdminApproves() throws Exception {
        String email = "asha." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
        PlatformClient.Response signup = client.post("/api/v1/auth/signup", null, Map.of(
                "email", email, "password", PASSWORD, "firstName", "Asha", "lastName", "Rao", "phoneNumber", "9876543210"));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(201);

        PlatformClient.Response unverified = client.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertThat(unverified.status()).as(unverified.toString()).isBetween(400, 499);

        // The link comes as the consultant gets it: notification-service's mail, in the launcher's mail catcher.
        ConsultantOnboarding.verifyFromTheMail(client, email);

        PlatformClient.Response login = client.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String pendingToken = login.text("accessToken");
        String refreshToken = login.text("refreshToken");

        PlatformClient.Response me = client.get("/api/v1/consultants/me", pendingToken);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        slug = me.text("slug");
        consultantId = me.text("id");
        PlatformClient.Response profile = client.put("/api/v1/consultants/me", pendingToken, ConsultantOnboarding.profileWithPrices(me));
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);

        // Another service's dashboard answers the same gate, from the token claim alone.
        PlatformClient.Response gated = client.get("/api/v1/clients", pendingToken);
        assertThat(gated.status()).isEqualTo(403);
        assertThat(gated.contentType()).startsWith("application/problem+json");
        assertThat(gated.text("title")).isEqualTo("Pending approval");
        assertThat(client.get("/api/v1/public/consultants/" + slug, null).status()).isEqualTo(404);

        // The password alone never reaches the admin APIs: before the bootstrap admin enrolled a second factor it gives
        // a token that can only enrol; once another journey on the shared stack enrolled it, it is refused outright.
        PlatformClient.Response passwordOnly = bootstrapAdmin.passwordOnly();
        if (passwordOnly.status() == 200) {
            PlatformClient.Response withoutSecondFactor = client.get("/api/v1/admin/consultants", passwordOnly.text("accessToken"));
            assertThat(withoutSecondFactor.status()).isEqualTo(403);
            assertThat(withoutSecondFactor.text("title")).isEqualTo("Second factor required");
        } else {
            assertThat(passwordOnly.status()).as(passwordOnly.toString()).isEqualTo(401);
        }
        String adminToken = bootstrapAdmin.accessToken();
        assertThat(client.get("/api/v1/admin/consultants", pendingToken).status()).isEqualTo(403);
        assertThat(client.get("/api/v1/clients", adminToken).status()).isEqualTo(403);
        PlatformClient.Response approval = client.post("/api/v1/admin/consultants/" + consultantId + "/approve", adminToken, Map.of());
        assertThat(approval.status()).as(approval.toString()).isBetween(200, 204);

        PlatformClient.Response refreshed = client.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        accessToken = refreshed.text("accessToken");
        assertThat(client.get("/api/v1/clients", accessToken).status()).isEqualTo(200);

        // The public page opens once booking-service has applied ConsultantApproved from Kafka.
        awaitStatus(() -> client.get("/api/v1/public/consultants/" + slug, null), 200);
    }

    @Test
    @Order(2)
    void aHundredClientsRacingForOneSlotThroughTheGatewayGetOneBooking() throws Exception {
        PlatformClient.Response availability = client.put("/api/v1/availability", accessToken, ConsultantOnboarding.openAllWeek());
        assertThat(availability.status()).as(availability.toString()).isEqualTo(200);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(3);
        PlatformClient.Response slots = client.get("/api/v1/public/consultants/" + slug + "/slots?from=" + day + "&to=" + day
                + "&type=PERSONAL&timeZone=America/New_York", null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        String start = slots.json().path("slots").get(0).path("start").asText();

        int racers = 100;
        AtomicInteger overloaded = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PlatformClient.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                int racer = i;
                String idempotencyKey = UUID.randomUUID().toString();
                Callable<PlatformClient.Response> booking = () -> {
                    go.await();
                    // A burst of a hundred on a busy two-core machine may outlast the route's 5 s: that answers a 503
                    // problem with Retry-After, and a client asks again with the same key, as the README says.
                    AtomicInteger calls = new AtomicInteger();
                    return PlatformClient.honouringRetryAfter(() -> {
                        if (calls.incrementAndGet() > 1) {
                            overloaded.incrementAndGet();
                        }
                        return client.post("/api/v1/public/consultants/" + slug + "/bookings", null, Map.of(
                                        "start", start, "type", "PERSONAL", "durationMinutes", 30,
                                        "name", "Client " + racer, "email", "client" + racer + "@example.in"),
                                Map.of("Idempotency-Key", idempotencyKey));
                    });
                };
                answers.add(pool.submit(booking));
            }
            go.countDown();
        }
        Map<Integer, Integer> byStatus = new HashMap<>();
        for (Future<PlatformClient.Response> answer : answers) {
            byStatus.merge(answer.get().status(), 1, Integer::sum);
        }
        assertThat(byStatus).as("final statuses of %d racers (%d answers of 503 asked again)", racers, overloaded.get())
                .containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, racers - 1));
        PlatformClient.Response taken = answers.stream().map(PlatformJourneysIT::join).filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(taken.contentType()).startsWith("application/problem+json");
        assertThat(taken.text("title")).isEqualTo("Slot taken");
    }

    @Test
    @Order(3)
    void tooManyLoginAttemptsFromOneAddressAre429UntilTheWindowPasses() throws Exception {
        PlatformClient.Response limited = null;
        for (int attempt = 0; attempt < 40 && limited == null; attempt++) {
            PlatformClient.Response response = client.post("/api/v1/auth/login", null,
                    Map.of("email", "nobody" + attempt + "@example.in", "password", "wrong-password-123"));
            if (response.status() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("a 429 within 40 attempts").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        Duration retryAfter = Duration.ofSeconds(Long.parseLong(limited.header("Retry-After")));
        // Nothing to poll for: the bucket refills with time, so the next attempt waits out Retry-After.
        await().pollDelay(retryAfter.plusMillis(500)).atMost(retryAfter.plusSeconds(10))
                .until(() -> client.post("/api/v1/auth/login", null,
                        Map.of("email", "nobody-later@example.in", "password", "wrong-password-123")).status(), status -> status == 401);
    }

    @Test
    @Order(4)
    void aKilledServiceAnswers503ProblemQuicklyWhileTheRestServesAndTheLauncherBringsItBack() {
        ProcessHandle analytics = serviceProcess("analytics-service");
        Map<String, Long> others = new LinkedHashMap<>();
        for (String other : List.of("gateway-service", "identity-service", "booking-service", "payment-service")) {
            others.put(other, serviceProcess(other).pid());
        }
        analytics.destroyForcibly();
        analytics.onExit().join();

        long started = System.nanoTime();
        PlatformClient.Response down = client.get("/api/v1/analytics/dashboard", accessToken);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(client.get("/api/v1/clients", accessToken).status()).isEqualTo(200);

        // The launcher reports the death and restarts the service on its own; nothing else is touched.
        await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.get("/health/analytics", null).status() == 200);
        assertThat(serviceProcess("analytics-service").pid()).isNotEqualTo(analytics.pid());
        others.forEach((other, pid) -> assertThat(serviceProcess(other).pid()).as("%s untouched", other).isEqualTo(pid));
        assertThat(launcherOutput).anyMatch(line -> line.contains("WARNING: analytics-service (pid " + analytics.pid() + ") exited"));
        assertThat(client.get("/api/v1/clients", accessToken).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void theRestartCommandRestartsOneServiceOfTheRunningStack() {
        long payment = serviceProcess("payment-service").pid();
        long booking = serviceProcess("booking-service").pid();

        int exitCode = RestartCommand.run(List.of("payment", "--data-dir", dataDir.toString(), "--timeout", "240"));

        assertThat(exitCode).isZero();
        assertThat(serviceProcess("payment-service").pid()).isNotEqualTo(payment);
        assertThat(serviceProcess("booking-service").pid()).isEqualTo(booking);
        assertThat(client.get("/health/payment", null).status()).isEqualTo(200);
        assertThat(RestartCommand.run(List.of("no-such-service", "--data-dir", dataDir.toString()))).isEqualTo(2);
    }

    @Test
    @Order(6)
    void aKilledMailCatcherIsStartedAgainAndTheNextMailArrives() throws Exception {
        ProcessHandle catcher = serviceProcess("mailcatcher");
        catcher.destroyForcibly();
        catcher.onExit().join();

        await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                .until(() -> launcherOutput.stream().anyMatch(line -> line.contains("mailcatcher restarted")));
        assertThat(launcherOutput).anyMatch(line -> line.contains("WARNING: The mail catcher exited"));
        assertThat(serviceProcess("mailcatcher").pid()).isNotEqualTo(catcher.pid());

        String email = "later." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
        PlatformClient.Response signup = client.post("/api/v1/auth/signup", null, Map.of(
                "email", email, "password", PASSWORD, "firstName", "Kiran", "lastName", "Das", "phoneNumber", "9876543211"));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
        ConsultantOnboarding.verifyFromTheMail(client, email);
    }

    private static ProcessHandle serviceProcess(String module) {
        return PidFile.of(dataDir).running(module).orElseThrow(() -> new AssertionError("no running " + module));
    }

    private static PlatformClient.Response join(Future<PlatformClient.Response> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(Callable<PlatformClient.Response> request, int expected) {
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250))
                .until(request, response -> response.status() == expected);
    }
}
