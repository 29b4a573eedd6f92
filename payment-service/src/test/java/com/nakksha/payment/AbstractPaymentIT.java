package com.nakksha.payment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nakksha.testsupport.ServiceIT;
import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionType;
import com.nakksha.payment.webhook.RazorpaySamples;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.tokens.PaymentCapabilityToken;
import com.nakksha.testsupport.PublishedEvents;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running service with its real Postgres schema and Kafka broker, and Razorpay simulated at the
 * HTTP level by WireMock behind the same SDK adapter production uses. All integration tests share one
 * application context and one simulator ({@link PaymentServiceTest}).
 */
@PaymentServiceTest
public abstract class AbstractPaymentIT {

    /** The key booking tags payment capabilities with, as the tests' booking does. */
    protected static final String CAPABILITY_TAG_KEY = RazorpaySimulatorForTests.CAPABILITY_TAG_KEY;

    protected static final WireMockServer razorpay = RazorpaySimulatorForTests.SERVER;

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient database;

    @BeforeEach
    void freshSimulator() {
        razorpay.resetAll();
    }

    /** A public session booked by a client, as booking-service announces it; returns once payment-service has its payable. */
    protected BookedSession booked(long amountMinor) {
        return booked(amountMinor, UUID.randomUUID());
    }

    /** A public session of {@code consultantId}, as {@link #booked(long)}. */
    protected BookedSession booked(long amountMinor, UUID consultantId) {
        BookedSession session = issued(consultantId);
        announce(session, amountMinor);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM payable WHERE id = '" + session.id() + "'") == 1);
        return session;
    }

    /** A session booking has answered 201 for, with the capability it tagged, whose SessionBooked is not sent yet. */
    protected static BookedSession issued(UUID consultantId) {
        UUID sessionId = UUID.randomUUID();
        return new BookedSession(sessionId, consultantId,
                PaymentCapabilityToken.issue(sessionId, Base64.getDecoder().decode(CAPABILITY_TAG_KEY)));
    }

    /** Booking's SessionBooked for the session, as it reaches the topic. */
    protected static void announce(BookedSession session, long amountMinor) {
        UUID sessionId = session.id();
        UUID consultantId = session.consultantId();
        String capability = session.capability();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topic.BOOKING_SESSION, sessionId.toString(), SessionBooked.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now).setConsultantId(consultantId)
                .setSessionId(sessionId).setClientId(UUID.randomUUID()).setClientName("Meera Iyer")
                .setClientEmail("meera.iyer@example.test").setClientPhone("+919800000001")
                .setSessionType(SessionType.PERSONAL).setTitle("Career review")
                .setStartsAt(now.plus(Duration.ofDays(2))).setEndsAt(now.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)))
                .setDurationMinutes(60).setAmountMinor(amountMinor).setCurrency("INR").setSource(BookingSource.PUBLIC)
                .setPaymentStatus(PaymentStatus.PENDING).setHoldExpiresAt(now.plus(Duration.ofMinutes(15)))
                .setConsultantTimezone("Asia/Kolkata").setPaymentCapabilityHash(sha256Hex(capability))
                .setSessionVersion(0L)
                .build());
    }

    /** The session's order, made through the public endpoint against a simulator that answers with {@code orderId}. */
    protected void ordered(BookedSession session, String orderId) {
        razorpayCreatesOrder(session, orderId);
        web.post().uri("/api/v1/payments/orders")
                .bodyValue(Map.of("payableId", session.id(), "capability", session.capability()))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.orderId").isEqualTo(orderId);
    }

    /** The simulator answers the session's order create with {@code orderId}. */
    protected void razorpayCreatesOrder(BookedSession session, String orderId) {
        String receipt = "nks_" + session.id().toString().replace("-", "");
        razorpay.stubFor(post("/v1/orders").withRequestBody(matchingJsonPath("$.receipt", equalTo(receipt)))
                .willReturn(okJson("""
                        {"id":"%s","entity":"order","amount":%d,"amount_paid":0,"amount_due":%d,"currency":"INR",
                         "receipt":"%s","status":"created","attempts":0,"notes":[],"created_at":1799834405}"""
                        .formatted(orderId, session.amountMinor(), session.amountMinor(), receipt))));
    }

    protected record BookedSession(UUID id, UUID consultantId, String capability) {
        long amountMinor() {
            return 150_000;
        }
    }

    /** A booked session with a Razorpay order, and the ids its payment and refund get at Razorpay. */
    protected record Ordered(BookedSession session, String suffix, String order, String payment, String refund) {
    }

    /** A public session booked for {@code amountMinor} paise whose Razorpay order has been made. */
    protected Ordered ordered(long amountMinor) {
        BookedSession session = booked(amountMinor);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        Ordered ordered = new Ordered(session, suffix, "order_" + suffix, "pay_" + suffix, "rfnd_" + suffix);
        ordered(session, ordered.order());
        return ordered;
    }

    /** Razorpay took the order's payment of {@code amountMinor} paise; the simulator answers the order's payment list with it. */
    protected static void razorpayHasTheCapture(Ordered ordered, long amountMinor) {
        razorpay.stubFor(get("/v1/orders/" + ordered.order() + "/payments").willReturn(okJson(paymentsWithTheCapture(ordered, amountMinor))));
    }

    /** Razorpay's list of the order's payments: its payment, captured for {@code amountMinor} paise. */
    protected static String paymentsWithTheCapture(Ordered ordered, long amountMinor) {
        return """
                {"entity":"collection","count":1,"items":[
                 {"id":"%s","entity":"payment","amount":%d,"currency":"INR","status":"captured","order_id":"%s",
                  "method":"upi","captured":true,"fee":3540,"tax":540,"notes":[]}]}"""
                .formatted(ordered.payment(), amountMinor, ordered.order());
    }

    /** The simulator accepts a refund of the order's payment, answering with a pending refund of {@code amountMinor} paise. */
    protected static void razorpayAcceptsTheRefund(Ordered ordered, long amountMinor) {
        razorpay.stubFor(post("/v1/payments/" + ordered.payment() + "/refund").willReturn(okJson("""
                {"id":"%s","entity":"refund","amount":%d,"currency":"INR","payment_id":"%s","status":"pending"}"""
                .formatted(ordered.refund(), amountMinor, ordered.payment()))));
    }

    /** Within 30 s, Razorpay is asked exactly once to refund {@code amountMinor} paise of the order's payment, with an idempotency key. */
    protected static void awaitRefundAsked(Ordered ordered, long amountMinor) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> razorpay.verify(1,
                postRequestedFor(urlPathEqualTo("/v1/payments/" + ordered.payment() + "/refund"))
                        .withRequestBody(matchingJsonPath("$.amount", equalTo(Long.toString(amountMinor))))
                        .withHeader("X-Refund-Idempotency", matching("[0-9a-f]{32}"))));
    }

    /** Within 30 s, the refund Razorpay answered with is recorded against the session's payable. */
    protected void awaitRefundRecorded(Ordered ordered) {
        await().atMost(Duration.ofSeconds(30)).until(() -> ordered.refund().equals(
                text("SELECT razorpay_refund_id FROM refund WHERE payable_id = '" + ordered.session().id() + "'")));
    }

    /** For two seconds on end, Razorpay is asked for no refund of the order's payment and none is recorded. */
    protected void assertNothingRefunded(Ordered ordered) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            razorpay.verify(0, postRequestedFor(urlPathEqualTo("/v1/payments/" + ordered.payment() + "/refund")));
            assertThat(count("SELECT count(*) FROM refund WHERE payable_id = '" + ordered.session().id() + "'")).isZero();
        });
    }

    /** Delivers the signed capture {@code webhook} for the order; returns once PaymentCaptured is published. */
    protected void captured(Ordered ordered, byte[] webhook) {
        deliverSigned(webhook, "evt_c_" + ordered.suffix()).expectStatus().isOk();
        PublishedEvents.await(Topic.PAYMENT_PAYMENT, PaymentCaptured.class, e -> e.getPayableId().equals(ordered.session().id()));
    }

    /** Razorpay's {@code refund.processed} webhook body for the order's refund of {@code amountMinor} paise. */
    protected static byte[] refundProcessed(Ordered ordered, long amountMinor) {
        return new String(RazorpaySamples.withIds("05-refund.processed.json", ordered.payment(), ordered.order()),
                StandardCharsets.UTF_8)
                .replace("rfnd_Pq9A2bCdEf3GhI", ordered.refund())
                .replaceFirst("\"amount\": 150000", "\"amount\": " + amountMinor)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Booking's SessionCancelled for the session, as it reaches the topic; {@code refundPercent} null when the consultant cancelled. */
    protected static SessionCancelled cancelled(BookedSession session, CancelledBy by, String reason, Integer refundPercent) {
        return SessionCancelled.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(session.consultantId()).setSessionId(session.id()).setReason(reason)
                .setCancelledBy(by).setRefundPercent(refundPercent).build();
    }

    protected WebTestClient.ResponseSpec deliver(byte[] body, String eventId, String signature) {
        return web.post().uri("/api/v1/payments/webhooks/razorpay")
                .header("Content-Type", "application/json")
                .header("X-Razorpay-Signature", signature)
                .header("x-razorpay-event-id", eventId)
                .bodyValue(body)
                .exchange();
    }

    protected WebTestClient.ResponseSpec deliverSigned(byte[] body, String eventId) {
        return deliver(body, eventId, RazorpaySamples.sign(RazorpaySamples.WEBHOOK_SECRET, body));
    }

    protected long count(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    /** The first column of the one row, or null when the value or the row is absent. */
    protected String text(String sql) {
        return database.sql(sql).map(row -> Optional.ofNullable(row.get(0, String.class))).one()
                .blockOptional().flatMap(value -> value).orElse(null);
    }

    protected static void send(Topic topic, String key, SpecificRecord event) {
        ServiceIT.send(topic, key, event);
    }

    protected static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
