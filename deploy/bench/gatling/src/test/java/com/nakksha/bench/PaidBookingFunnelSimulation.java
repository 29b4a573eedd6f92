package com.nakksha.bench;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitBlockOnFail;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The paid-booking funnel as a client goes through it, one virtual user per booking, in an open workload
 * (constant users per second): the consultant's free slots over 7 days, a public booking of a slot no other
 * user of the run takes, the Razorpay order with the booking's payment capability, the payment on the
 * launcher's Razorpay simulator (its webhooks delivered as usual), then the manage link polled until the
 * session is CONFIRMED and PAID. The whole funnel is the group {@value #FUNNEL}; with gatling.conf's
 * {@code useGroupDurationMetric} its time is the funnel's wall-clock time, polls' pauses included.
 *
 * <p>Options (-D): {@code slugs} (required, comma-separated, users take them in turn), {@code gatewayUrl}
 * (http://localhost:8080), {@code simulatorUrl} (http://localhost:8090), {@code usersPerSec} (2),
 * {@code durationSeconds} (20), {@code confirmTimeoutSeconds} (60), {@code pollMillis} (100).
 */
public class PaidBookingFunnelSimulation extends Simulation {

    static final String FUNNEL = "paid booking funnel";

    static final String GATEWAY = System.getProperty("gatewayUrl", "http://localhost:8080");
    static final String SIMULATOR = System.getProperty("simulatorUrl", "http://localhost:8090");
    static final List<String> SLUGS = Arrays.stream(System.getProperty("slugs", "").split(","))
            .map(String::trim).filter(slug -> !slug.isEmpty()).toList();
    static final double USERS_PER_SEC = Double.parseDouble(System.getProperty("usersPerSec", "2"));
    static final Duration DURATION = Duration.ofSeconds(Long.parseLong(System.getProperty("durationSeconds", "20")));
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(Long.parseLong(System.getProperty("confirmTimeoutSeconds", "60")));
    static final Duration POLL_PAUSE = Duration.ofMillis(Long.parseLong(System.getProperty("pollMillis", "100")));

    // The onboarded consultants work 24x7 in Asia/Kolkata; tomorrow on keeps clear of the booking notice.
    static final ZoneId CONSULTANT_ZONE = ZoneId.of("Asia/Kolkata");
    static final LocalDate FROM = LocalDate.now(CONSULTANT_ZONE).plusDays(1);
    static final LocalDate TO = FROM.plusDays(6);

    // Emails of earlier runs on the same stack must not count against this run's per-email hold limit.
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final AtomicLong USERS = new AtomicLong();

    /** Starts taken by a user of this run, per consultant: no two users race for one slot. */
    static final Map<String, Set<String>> CLAIMED = new ConcurrentHashMap<>();

    static {
        if (SLUGS.isEmpty()) {
            throw new IllegalArgumentException("-Dslugs=<consultant slug>[,<slug>...] is required");
        }
    }

    /**
     * One client per user: its consultant in turn, a fresh Idempotency-Key and email, and its own address in
     * 198.18.0.0/15 (the benchmarking range), sent as X-Forwarded-For to a gateway that trusts 127.0.0.1 as a
     * proxy, so the gateway's and booking's per-address limits see many clients, as in production.
     */
    static final Iterator<Map<String, Object>> CLIENTS = Stream.generate(() -> {
        long n = USERS.getAndIncrement();
        long host = n % 131_070 + 1;
        return Map.<String, Object>of(
                "slug", SLUGS.get((int) (n % SLUGS.size())),
                "email", "funnel-" + RUN + "-" + n + "@example.in",
                "name", "Funnel Client " + n,
                "idempotencyKey", UUID.randomUUID().toString(),
                "clientAddress", "198." + (18 + host / 65_536) + "." + (host / 256 % 256) + "." + (host % 256));
    }).iterator();

    static Session claimFreeSlot(Session session) {
        Set<String> claimed = CLAIMED.computeIfAbsent(session.getString("slug"), slug -> ConcurrentHashMap.newKeySet());
        List<String> starts = session.getList("starts");
        for (String start : starts) {
            if (claimed.add(start)) {
                return session.set("start", start);
            }
        }
        return session.markAsFailed();
    }

    static boolean ordered(Session session) {
        return session.contains("orderId");
    }

    static boolean confirmed(Session session) {
        return "CONFIRMED".equals(session.getString("sessionStatus")) && "PAID".equals(session.getString("paymentStatus"));
    }

    static final ChainBuilder SLOTS = exec(http("slots (7 days)")
            .get(GATEWAY + "/api/v1/public/consultants/#{slug}/slots")
            .queryParam("from", FROM.toString()).queryParam("to", TO.toString())
            .queryParam("type", "PERSONAL").queryParam("timeZone", CONSULTANT_ZONE.getId())
            .header("X-Forwarded-For", "#{clientAddress}")
            .check(status().is(200), jsonPath("$.slots[*].start").findAll().saveAs("starts")))
            .exec(PaidBookingFunnelSimulation::claimFreeSlot);

    static final ChainBuilder BOOK = exec(http("book")
            .post(GATEWAY + "/api/v1/public/consultants/#{slug}/bookings")
            .header("Idempotency-Key", "#{idempotencyKey}")
            .header("X-Forwarded-For", "#{clientAddress}")
            .body(StringBody("""
                    {"start":"#{start}","type":"PERSONAL","durationMinutes":30,"name":"#{name}","email":"#{email}"}"""))
            .asJson()
            .check(status().is(201),
                    jsonPath("$.payableId").saveAs("payableId"),
                    jsonPath("$.paymentCapability").saveAs("capability"),
                    jsonPath("$.managePath").saveAs("managePath")));

    // payment-service learns of the payable from SessionBooked on Kafka: until then the order answers 404, or
    // 503 with Retry-After after waiting for it; a client asks again.
    static final ChainBuilder ORDER = asLongAsDuring(session -> !ordered(session), CONFIRM_TIMEOUT).on(
            exec(http("order")
                    .post(GATEWAY + "/api/v1/payments/orders")
                    .header("X-Forwarded-For", "#{clientAddress}")
                    .body(StringBody("""
                            {"payableId":"#{payableId}","capability":"#{capability}"}"""))
                    .asJson()
                    .check(status().in(200, 201, 404, 503).saveAs("orderStatus"),
                            jsonPath("$.orderId").optional().saveAs("orderId"),
                            header("Retry-After").optional().saveAs("retryAfter")))
                    .doIf(session -> !ordered(session)).then(
                            pause(session -> session.contains("retryAfter")
                                    ? Duration.ofSeconds(Long.parseLong(session.getString("retryAfter")))
                                    : POLL_PAUSE)
                            .exec(session -> session.remove("retryAfter"))))
            .exec(session -> ordered(session) ? session : session.markAsFailed());

    static final ChainBuilder PAY = exec(http("pay (simulator)")
            .post(SIMULATOR + "/simulator/orders/#{orderId}/pay")
            .body(StringBody("""
                    {"method":"upi","outcome":"success"}"""))
            .asJson()
            .check(status().is(200)));

    // The manage link answers with an ETag, which Gatling's HTTP cache sends back as If-None-Match, as a browser
    // would: a 304 says the booking has not changed since the last answer, so the state saved from it holds.
    static final ChainBuilder AWAIT_CONFIRMED = asLongAsDuring(session -> !confirmed(session), CONFIRM_TIMEOUT).on(
            exec(http("manage link (poll)")
                    .get(GATEWAY + "#{managePath}")
                    .header("X-Forwarded-For", "#{clientAddress}")
                    .check(status().in(200, 304),
                            jsonPath("$.status").optional().saveAs("sessionStatus"),
                            jsonPath("$.paymentStatus").optional().saveAs("paymentStatus")))
                    .doIf(session -> !confirmed(session)).then(pause(POLL_PAUSE)))
            .exec(session -> confirmed(session) ? session : session.markAsFailed());

    static final ScenarioBuilder FUNNEL_SCENARIO = scenario("paid booking")
            .feed(CLIENTS)
            .group(FUNNEL).on(exitBlockOnFail().on(SLOTS, BOOK, ORDER, PAY, AWAIT_CONFIRMED));

    static final HttpProtocolBuilder PROTOCOL = http.acceptHeader("application/json")
            .contentTypeHeader("application/json").userAgentHeader("nakksha-bench-gatling");

    {
        setUp(FUNNEL_SCENARIO.injectOpen(constantUsersPerSec(USERS_PER_SEC).during(DURATION)))
                .protocols(PROTOCOL)
                .assertions(details(FUNNEL).failedRequests().count().is(0L));
    }
}
