package com.nakksha.local.journeys;

import com.nakksha.local.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's fuzzing, race and attack cases on the launcher's whole stack, through the gateway, each asserting what
 * the user or attacker sees: a 4xx problem naming what was wrong, never a 5xx, and limits that hold.
 *
 * <p>Attackers and racers connect from loopback addresses of their own ({@link PlatformClient#from}, 127.0.0.20 and
 * up), so the per-address limits they run into are theirs alone: the other journeys, on 127.0.0.1, keep their
 * buckets, and these cases do not depend on what ran before them. The races run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class AttackCasesJourneyIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String PROBLEM = "application/problem+json";
    private static final Pattern RESET_LINK = Pattern.compile("https?://[^\\s\"'<>]+/reset-password\\?token=[^\\s\"'<>&]+");
    private static final HttpClient plainHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConsultantOnboarding.Consultant consultant;

    @BeforeAll
    static void onboardTheConsultantUnderAttack() throws Exception {
        AdminLogin admin = new AdminLogin(PlatformClient.from("127.0.0.21"), SharedStack.dataDir());
        consultant = ConsultantOnboarding.approvedConsultant(PlatformClient.from("127.0.0.20"), admin);
    }

    @Test
    void nulAndLineBreaksInASignupNameAreA400ProblemNamingEveryWrongField() {
        PlatformClient attacker = PlatformClient.from("127.0.0.31");
        Map<String, Object> signup = signupBody(freshEmail("mallory"));
        signup.put("firstName", "Mallory\u0000");
        signup.put("lastName", "Rao\r\nBcc: someone@example.test");

        PlatformClient.Response refused = attacker.post("/api/v1/auth/signup", null, signup);

        expectInvalidFields(refused, "firstName", "lastName");
    }

    @Test
    void nulAndLineBreaksInAPublicBookingAreA400ProblemNamingNameAndNotes() {
        PlatformClient attacker = PlatformClient.from("127.0.0.32");
        Instant start = ConsultantOnboarding.firstFreeSlot(attacker, consultant, LocalDate.now(KOLKATA).plusDays(12));
        Map<String, Object> booking = personalBooking(start, freshEmail("client"));
        booking.put("name", "Client\r\nBcc: someone@example.test");
        booking.put("notes", "Please call first\u0000");

        PlatformClient.Response refused = book(attacker, booking);

        expectInvalidFields(refused, "name", "notes");
        assertThat(ConsultantOnboarding.freeSlots(attacker, consultant, LocalDate.now(KOLKATA).plusDays(12)))
                .as("a refused booking holds nothing").contains(start);
    }

    @Test
    void nulInTheClientSearchIsA400ProblemNamingTheParameter() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.33").get("/api/v1/clients?q=%00", consultant.accessToken());

        expectInvalidFields(refused, "q");
    }

    @Test
    void aDateInTheYear300000OnThePublicSlotsIsA400ProblemNamingTheParameter() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.33").get("/api/v1/public/consultants/" + consultant.slug()
                + "/slots?from=%2B300000-01-01&to=%2B300000-01-02&type=PERSONAL&timeZone=Asia/Kolkata", null);

        expectInvalidFields(refused, "from");
    }

    @Test
    void aBlankElementInTheSessionsStatusFilterIsA400ProblemNamingTheParameter() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.33").get("/api/v1/sessions?status=PENDING,%20",
                consultant.accessToken());

        expectInvalidFields(refused, "status");
    }

    @Test
    void pathsTheGatewaysFirewallRefusesAreA400ProblemWithTheSecurityHeaders() {
        PlatformClient attacker = PlatformClient.from("127.0.0.34");
        for (String path : List.of("/api/v1/public/consultants/100%25", "/api/v1/public/consultants/asha%00rao",
                "/api/v1/public/consultants/..%2fadmin", "/api/v1/public/%2e%2e/admin/consultants")) {
            expectGatewayProblem(attacker.get(path, null), 400, path);
        }
    }

    @Test
    void traceIsA405Problem() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.34")
                .exchange("TRACE", "/api/v1/public/consultants/" + consultant.slug(), Map.of());

        expectGatewayProblem(refused, 405, "TRACE");
    }

    @Test
    void aUriOverEightKilobytesIsA414ProblemSayingTheLimit() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.34").get("/api/v1/public/consultants/" + "a".repeat(9000), null);

        expectGatewayProblem(refused, 414, "a 9 KB URI");
        assertThat(refused.json().path("maxLength").asInt()).isEqualTo(8192);
    }

    @Test
    void aPreflightFromAnOriginNotAllowedIsA403ProblemWithoutCorsHeaders() {
        PlatformClient.Response refused = PlatformClient.from("127.0.0.34").exchange("OPTIONS", "/api/v1/sessions",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));

        expectGatewayProblem(refused, 403, "a preflight from https://evil.example");
        assertThat(refused.text("detail")).contains("https://evil.example");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    /** The second signup answers like the first, and the owner (not the caller) is told, by a password-reset mail. */
    @Test
    void signingUpWithARegisteredEmailAnswersLikeANewSignupAndMailsTheOwner() {
        PlatformClient prober = PlatformClient.from("127.0.0.35");
        String email = freshEmail("owner");
        PlatformClient.Response first = prober.post("/api/v1/auth/signup", null, signupBody(email));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);

        Map<String, Object> again = signupBody(email);
        again.put("firstName", "Someone");
        PlatformClient.Response second = prober.post("/api/v1/auth/signup", null, again);

        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(fieldNames(second.json())).isEqualTo(fieldNames(first.json()));
        assertThat(second.text("email")).isEqualTo(first.text("email"));
        assertThat(second.text("status")).isEqualTo(first.text("status"));
        assertThat(second.json().path("emailVerified").asBoolean()).isEqualTo(first.json().path("emailVerified").asBoolean());
        assertThat(second.text("consultantId")).as("the registered account's id is not handed out").isNotEqualTo(first.text("consultantId"));
        assertThat(StackMail.awaitLink(email, RESET_LINK)).as("the owner is mailed a reset link instead").isNotBlank();
    }

    /**
     * Limits as the shipped policy says: the gateway lets 10 auth requests of one address through at once
     * (RateLimitProperties), identity counts at most 5 failures of one email from one address (LoginProperties),
     * reserving each before hashing; the owner, elsewhere, still logs in.
     */
    @Test
    void thirtyParallelWrongPasswordsAreThrottledAndTheOwnerElsewhereStillLogsIn() throws Exception {
        PlatformClient attacker = PlatformClient.from("127.0.0.40");
        List<PlatformClient.Response> answers = all(30, i -> () -> attacker.post("/api/v1/auth/login", null,
                Map.of("email", consultant.email(), "password", "Guess-number-" + i)));

        Map<Integer, Integer> statuses = countByStatus(answers);
        System.out.println("Thirty parallel wrong passwords: " + statuses);
        assertThat(statuses.keySet()).as("401 or 429, never a 5xx: %s", answers).isSubsetOf(401, 429);
        assertThat(statuses.getOrDefault(401, 0)).as("guesses checked").isBetween(1, 5);
        for (PlatformClient.Response answer : answers) {
            assertThat(answer.contentType()).as(answer.toString()).startsWith(PROBLEM);
            if (answer.status() == 429) {
                assertThat(answer.header("Retry-After")).as(answer.toString()).isNotBlank();
            }
        }

        PlatformClient.Response owner = PlatformClient.from("127.0.0.41").post("/api/v1/auth/login", null,
                Map.of("email", consultant.email(), "password", ConsultantOnboarding.PASSWORD));
        assertThat(owner.status()).as("the owner logging in from elsewhere: %s", owner).isEqualTo(200);
        assertThat(owner.header("Cache-Control")).as("a token answer").contains("no-store");
    }

    @Test
    void aSpoofedForwardedForDoesNotEscapeThePerAddressLimit() {
        PlatformClient attacker = PlatformClient.from("127.0.0.42");
        List<PlatformClient.Response> answers = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            answers.add(attacker.post("/api/v1/auth/verify-email/resend", null, Map.of("email", freshEmail("nobody")),
                    Map.of("X-Forwarded-For", "203.0.113." + i)));
        }

        Map<Integer, Integer> statuses = countByStatus(answers);
        System.out.println("Sixteen requests with sixteen forged X-Forwarded-For: " + statuses);
        assertThat(statuses.keySet()).as(answers.toString()).isSubsetOf(202, 429);
        // 10 at once, then one every 2 s: the forged addresses all land in the connection's one bucket.
        assertThat(statuses.getOrDefault(202, 0)).as("accepted").isBetween(1, 12);
        assertThat(statuses.getOrDefault(429, 0)).as("refused").isGreaterThanOrEqualTo(4);
        answers.stream().filter(answer -> answer.status() == 429).forEach(answer -> {
            assertThat(answer.contentType()).startsWith(PROBLEM);
            assertThat(answer.header("Retry-After")).isNotBlank();
        });
    }

    /**
     * Tokens naming made-up keys are refused with 401 problems, and with 429 problems once the address has had 30
     * refusals in a minute (RateLimitProperties.RefusedTokens), however many arrive at once; the gateway fetches
     * identity's keys at most once per 2 s for all.
     */
    @Test
    void tokensWithRandomKeyIdsAre401ProblemsWithoutAKeyFetchStorm() throws Exception {
        PlatformClient attacker = PlatformClient.from("127.0.0.43");
        double fetchesBefore = gatewayKeyFetches();
        long started = System.nanoTime();

        List<PlatformClient.Response> firstWave = all(20, i -> () -> attacker.get("/api/v1/sessions", forgedToken()));
        List<PlatformClient.Response> secondWave = all(15, i -> () -> attacker.get("/api/v1/sessions", forgedToken()));

        double fetches = gatewayKeyFetches() - fetchesBefore;
        // The gateway fetches at most once per started 2 s (AccessTokenDecoder.MINIMUM_KEY_REFETCH_INTERVAL), however many
        // made-up key ids arrive then; a loaded machine stretches the waves over more intervals.
        long intervals = Duration.ofNanos(System.nanoTime() - started).toSeconds() / 2 + 1;
        System.out.println("Thirty-five forged key ids: " + countByStatus(firstWave) + " then " + countByStatus(secondWave)
                + ", the gateway fetched the keys " + fetches + " times");
        assertThat(firstWave).as("the first 20 refusals").allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith(PROBLEM);
        });
        assertThat(secondWave).allSatisfy(answer -> assertThat(answer.contentType()).startsWith(PROBLEM));
        // Each request reserves its refusal before its token is checked, so no more than 30 are checked in the window.
        assertThat(countByStatus(secondWave)).as(secondWave.toString()).containsExactlyInAnyOrderEntriesOf(Map.of(401, 10, 429, 5));
        assertThat(fetches).as("key fetches for 35 made-up key ids in %d intervals", intervals).isLessThanOrEqualTo(intervals);
    }

    @Test
    void metricsAreNotOnThePublicPort() throws Exception {
        PlatformClient attacker = PlatformClient.from("127.0.0.34");
        PlatformClient.Response anonymous = attacker.get("/actuator/prometheus", null);
        PlatformClient.Response signedIn = attacker.get("/actuator/prometheus", consultant.accessToken());

        // Like any path that is not public, it needs a token first; with one, there is nothing there.
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith(PROBLEM);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(404);
        assertThat(anonymous.body() + signedIn.body()).doesNotContain("jvm_memory");
        HttpResponse<String> management = plainHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8180/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(management.statusCode()).as("the gateway's management port serves them").isEqualTo(200);
        assertThat(management.body()).contains("jvm_memory");
    }

    /** Three unpaid bookings for one email at once (booking-service's hold-limits.per-email); the fourth is a 429 problem. */
    @Test
    void aFourthUnpaidBookingForOneEmailIsA429Problem() {
        PlatformClient booker = PlatformClient.from("127.0.0.50");
        String email = freshEmail("hoarder");
        List<Instant> free = ConsultantOnboarding.freeSlots(booker, consultant, LocalDate.now(KOLKATA).plusDays(13));
        assertThat(free).hasSizeGreaterThanOrEqualTo(4);

        List<String> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PlatformClient.Response hold = book(booker, personalBooking(free.get(i), email));
            assertThat(hold.status()).as("hold %d: %s", i + 1, hold).isEqualTo(201);
            held.add(hold.text("managePath"));
        }
        for (String managePath : held) {
            PlatformClient.Response view = booker.get(managePath, null);
            assertThat(view.status()).as("a hold made: %s", view).isEqualTo(200);
            assertThat(view.text("status")).as(view.toString()).isEqualTo("PENDING");
        }
        PlatformClient.Response fourth = book(booker, personalBooking(free.get(3), email));

        assertThat(fourth.status()).as(fourth.toString()).isEqualTo(429);
        assertThat(fourth.contentType()).startsWith(PROBLEM);
        assertThat(fourth.text("detail")).contains("3 unpaid bookings for this email");
        assertThat(fourth.header("Retry-After")).isNotBlank();
        assertThat(ConsultantOnboarding.freeSlots(booker, consultant, LocalDate.now(KOLKATA).plusDays(13)))
                .as("the refused booking holds nothing").contains(free.get(3));
    }

    /**
     * Six clients, each from their own address, race for a webinar of two seats: two get one, the rest a 409. (Twelve
     * racers for three seats on a machine at load 20+ once gave 2 × 201 and 10 × 503: booking-service queued webinar
     * racers on the consultant's schedule lock, and the gateway gave up after 5 s. A full webinar's racers are now
     * refused before the lock, as a taken slot's are: booking's ConcurrentBookingIT races forty for five seats.)
     */
    @Test
    @Order(Order.DEFAULT + 1)
    void sixClientsRacingForTwoWebinarSeatsGiveTwoBookingsAndFour409s() throws Exception {
        Map<String, Object> availability = new LinkedHashMap<>(ConsultantOnboarding.openAllWeek());
        availability.put("webinarSeats", 2);
        PlatformClient.Response updated = PlatformClient.from("127.0.0.51").put("/api/v1/availability", consultant.accessToken(), availability);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        LocalDate day = LocalDate.now(KOLKATA).plusDays(16);
        PlatformClient.Response slots = PlatformClient.from("127.0.0.51").get("/api/v1/public/consultants/" + consultant.slug()
                + "/slots?from=" + day + "&to=" + day + "&type=WEBINAR&timeZone=Asia/Kolkata", null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        String start = slots.json().path("slots").path(0).path("start").asString();
        assertThat(start).as(slots.toString()).isNotBlank();

        List<PlatformClient.Response> answers = all(6, i -> () -> book(PlatformClient.from("127.0.0." + (100 + i)), Map.of(
                "start", OffsetDateTime.parse(start).toInstant().toString(), "type", "WEBINAR", "durationMinutes", 60,
                "name", "Webinar Guest " + i, "email", freshEmail("guest"))));

        Map<Integer, Integer> statuses = countByStatus(answers);
        System.out.println("Six racers for two webinar seats: " + statuses);
        assertThat(statuses).as(answers.toString()).containsOnlyKeys(201, 409);
        assertThat(statuses.get(201)).isEqualTo(2);
        answers.stream().filter(answer -> answer.status() == 409)
                .forEach(answer -> assertThat(answer.contentType()).as(answer.toString()).startsWith(PROBLEM));
    }

    /** Six clients, each with their own booking and address, move it to one free slot at once: one gets it, five a 409. */
    @Test
    @Order(Order.DEFAULT + 2)
    void sixReschedulesRacingIntoOneSlotGiveOneMoveAndFive409s() throws Exception {
        LocalDate bookedDay = LocalDate.now(KOLKATA).plusDays(14);
        List<Instant> booked = ConsultantOnboarding.freeSlots(PlatformClient.from("127.0.0.52"), consultant, bookedDay);
        Instant target = ConsultantOnboarding.firstFreeSlot(PlatformClient.from("127.0.0.52"), consultant, bookedDay.plusDays(1));
        assertThat(booked).hasSizeGreaterThanOrEqualTo(6);
        List<PlatformClient> clients = new ArrayList<>();
        List<String> managePaths = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PlatformClient client = PlatformClient.from("127.0.0." + (120 + i));
            PlatformClient.Response booking = book(client, personalBooking(booked.get(i), freshEmail("mover")));
            assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
            clients.add(client);
            managePaths.add(booking.text("managePath"));
        }

        List<PlatformClient.Response> answers = all(6, i -> () -> clients.get(i).post(managePaths.get(i) + "/reschedule", null,
                Map.of("start", target.toString(), "reason", "Earlier suits me")));

        Map<Integer, Integer> statuses = countByStatus(answers);
        System.out.println("Six reschedules into one slot: " + statuses);
        assertThat(statuses).as(answers.toString()).containsOnlyKeys(200, 409);
        assertThat(statuses.get(200)).isEqualTo(1);
        for (int i = 0; i < 6; i++) {
            PlatformClient.Response view = clients.get(i).get(managePaths.get(i), null);
            assertThat(view.status()).as(view.toString()).isEqualTo(200);
            Instant nowAt = OffsetDateTime.parse(view.text("start")).toInstant();
            if (answers.get(i).status() == 200) {
                assertThat(nowAt).as("the winner's booking").isEqualTo(target);
            } else {
                assertThat(answers.get(i).contentType()).startsWith(PROBLEM);
                assertThat(nowAt).as("a loser's booking stays where it was").isEqualTo(booked.get(i));
            }
        }
    }

    /** A browser with two tabs refreshing with one refresh token at once: both get the same successor, the login lives on. */
    @Test
    void twoTabsRefreshingWithOneTokenAtOnceBothSucceedWithNoStoreAnswers() throws Exception {
        PlatformClient browser = PlatformClient.from("127.0.0.60");
        PlatformClient.Response login = browser.post("/api/v1/auth/login", null,
                Map.of("email", consultant.email(), "password", ConsultantOnboarding.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).contains("no-store");
        String refreshToken = login.text("refreshToken");

        List<PlatformClient.Response> tabs = all(2, i -> () -> browser.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken)));

        assertThat(tabs).allSatisfy(tab -> {
            assertThat(tab.status()).as(tab.toString()).isEqualTo(200);
            assertThat(tab.header("Cache-Control")).contains("no-store");
        });
        assertThat(tabs.get(0).text("refreshToken")).as("one successor for both tabs").isEqualTo(tabs.get(1).text("refreshToken"));
        PlatformClient.Response next = browser.post("/api/v1/auth/refresh", null, Map.of("refreshToken", tabs.get(0).text("refreshToken")));
        assertThat(next.status()).as("the login was not revoked: %s", next).isEqualTo(200);
        assertThat(browser.get("/api/v1/consultants/me", next.text("accessToken")).status()).isEqualTo(200);
    }

    private static void expectInvalidFields(PlatformClient.Response refused, String... fields) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith(PROBLEM);
        List<String> named = refused.json().path("errors").valueStream().map(error -> error.path("field").asString()).distinct().toList();
        assertThat(named).as(refused.toString()).containsExactlyInAnyOrder(fields);
    }

    private static void expectGatewayProblem(PlatformClient.Response refused, int status, String what) {
        assertThat(refused.status()).as("%s: %s", what, refused).isEqualTo(status);
        assertThat(refused.contentType()).as(what).startsWith(PROBLEM);
        assertThat(refused.json().path("status").asInt()).isEqualTo(status);
        assertThat(refused.text("title")).isNotBlank();
        assertThat(refused.header("X-Request-Id")).as(what).isNotBlank();
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
    }

    private static PlatformClient.Response book(PlatformClient client, Map<String, Object> booking) {
        return client.post("/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, booking,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private static Map<String, Object> personalBooking(Instant start, String email) {
        Map<String, Object> booking = new HashMap<>();
        booking.put("start", start.toString());
        booking.put("type", "PERSONAL");
        booking.put("durationMinutes", 30);
        booking.put("name", "Nisha Verma");
        booking.put("email", email);
        return booking;
    }

    private static Map<String, Object> signupBody(String email) {
        Map<String, Object> signup = new HashMap<>();
        signup.put("email", email);
        signup.put("password", ConsultantOnboarding.PASSWORD);
        signup.put("firstName", "Asha");
        signup.put("lastName", "Rao");
        signup.put("phoneNumber", "9876543210");
        return signup;
    }

    private static String freshEmail(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
    }

    private static List<String> fieldNames(JsonNode object) {
        return object.propertyNames().stream().sorted().toList();
    }

    /** {@code count} calls started together (released by one latch), their answers in call order. */
    private static List<PlatformClient.Response> all(int count, IntFunction<Callable<PlatformClient.Response>> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PlatformClient.Response>> pending = new ArrayList<>();
        try (ExecutorService racers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                Callable<PlatformClient.Response> each = call.apply(i);
                pending.add(racers.submit(() -> {
                    go.await();
                    return each.call();
                }));
            }
            go.countDown();
            List<PlatformClient.Response> answers = new ArrayList<>();
            for (Future<PlatformClient.Response> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        }
    }

    private static Map<Integer, Integer> countByStatus(List<PlatformClient.Response> answers) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1, Integer::sum));
        return counts;
    }

    /** A well-formed RS256 JWT naming a key id nobody issued, with a random signature. */
    private static String forgedToken() {
        Function<String, String> encode = json -> Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        byte[] signature = new byte[256];
        new SecureRandom().nextBytes(signature);
        long expires = Instant.now().plusSeconds(600).getEpochSecond();
        return encode.apply("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}") + "."
                + encode.apply("{\"sub\":\"" + consultant.id() + "\",\"iss\":\"nakksha-identity\",\"exp\":" + expires + "}") + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /**
     * How often the gateway has fetched identity-service's key set, from the gateway's own metrics: identity-service's
     * count of the JWKS path would also count the services' first fetches while concurrent journeys run.
     */
    private static double gatewayKeyFetches() throws IOException, InterruptedException {
        HttpResponse<String> metrics = plainHttp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8180/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body().lines()
                .filter(line -> line.startsWith("nakksha_token_key_fetches_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
