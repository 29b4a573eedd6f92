package com.nakksha.local.journeys;

import com.nakksha.local.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 on the launcher's stack: one public booking, sent through the gateway with a sampled
 * {@code traceparent}, is exported over OTLP as one trace by the gateway (its server span, a child of the
 * client's span, and its client span to booking), booking-service (its server span and the outbox relay's
 * {@code outbox publish} producer span) and at least one service consuming the booking's event.
 *
 * <p>The exports are read with a few lines of protobuf wire format rather than the opentelemetry-proto
 * classes, which nothing else here needs: only the resource's {@code service.name} and each span's trace id,
 * parent span id, name and kind are looked at.
 */
@ExtendWith(SharedStack.class)
class BookingTraceJourneyIT {

    /** Spans leave in batches every 5 s; the consumers run after the relay has published. */
    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final Set<String> CONSUMERS_OF_THE_BOOKING = Set.of("payment-service", "notification-service", "analytics-service");
    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final int PRODUCER = 4;
    private static final int CONSUMER = 5;

    private static AdminLogin admin;
    /** An address of the class's own: the journeys run side by side, and the gateway limits per client address. */
    private static final PlatformClient client = PlatformClient.from("127.0.0.14");

    @BeforeAll
    static void logInTheAdmin() {
        admin = new AdminLogin(client, SharedStack.dataDir());
    }

    @Test
    void aPublicBookingsTraceReachesTheCollectorFromTheGatewayBookingItsRelayAndAConsumer() throws Exception {
        ConsultantOnboarding.Consultant consultant = ConsultantOnboarding.approvedConsultant(client, admin);
        Instant start = ConsultantOnboarding.firstFreeSlot(client, consultant, LocalDate.now(KOLKATA).plusDays(4));
        byte[] traceId = randomBytes(16);
        byte[] clientSpanId = randomBytes(8);
        String traceparent = "00-" + HexFormat.of().formatHex(traceId) + "-" + HexFormat.of().formatHex(clientSpanId) + "-01";

        PlatformClient.Response booking = client.post("/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, Map.of(
                        "start", start.toString(), "type", "PERSONAL", "durationMinutes", 30, "name", "Kavya Rao",
                        "email", "kavya." + UUID.randomUUID().toString().substring(0, 8) + "@example.in"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "traceparent", traceparent));
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);

        TraceSpans exported = new TraceSpans(traceId);
        List<ExportedSpan> trace = await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(exported::soFar, spans ->
                has(spans, "gateway-service", SERVER) && has(spans, "gateway-service", CLIENT)
                        && has(spans, "booking-service", SERVER) && has(spans, "booking-service", PRODUCER)
                        && spans.stream().anyMatch(span -> CONSUMERS_OF_THE_BOOKING.contains(span.service()) && span.kind() == CONSUMER));

        assertThat(trace).as("the gateway continues the client's span")
                .anyMatch(span -> span.service().equals("gateway-service") && span.kind() == SERVER
                        && Arrays.equals(span.parentSpanId(), clientSpanId));
        assertThat(trace).as("booking's relay publishes the event in the booking's trace")
                .anyMatch(span -> span.service().equals("booking-service") && span.kind() == PRODUCER
                        && span.name().equals("outbox publish"));
    }

    private static boolean has(List<ExportedSpan> spans, String service, int kind) {
        return spans.stream().anyMatch(span -> span.service().equals(service) && span.kind() == kind);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * The spans of one trace in every export so far, each with the {@code service.name} of the service that sent it.
     * Each export is decoded once however often the test asks: the whole run's journeys export to the same collector,
     * so decoding all of them on every poll cost the run's two cores more the longer it went.
     */
    private static final class TraceSpans {

        private final byte[] traceId;
        private final List<ExportedSpan> spans = new ArrayList<>();
        private int decodedExports;

        TraceSpans(byte[] traceId) {
            this.traceId = traceId;
        }

        List<ExportedSpan> soFar() {
            List<byte[]> exports = SharedStack.traceExports();
            for (; decodedExports < exports.size(); decodedExports++) {
                ExportedSpan.in(exports.get(decodedExports)).stream()
                        .filter(span -> Arrays.equals(span.traceId(), traceId))
                        .forEach(spans::add);
            }
            return List.copyOf(spans);
        }
    }

    /**
     * A span as OTLP sends it, decoded from opentelemetry-proto's trace/v1 messages by field number:
     * ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, scope_spans = 2;
     * Resource.attributes = 1 (KeyValue key = 1, value = 2, AnyValue.string_value = 1); ScopeSpans.spans = 2;
     * Span.trace_id = 1, parent_span_id = 4, name = 5, kind = 6.
     */
    record ExportedSpan(String service, byte[] traceId, byte[] parentSpanId, String name, int kind) {

        static List<ExportedSpan> in(byte[] request) {
            List<ExportedSpan> spans = new ArrayList<>();
            for (Field resourceSpans : Field.all(request, 1)) {
                String service = Field.all(resourceSpans.bytes(), 1).stream()
                        .flatMap(resource -> Field.all(resource.bytes(), 1).stream())
                        .filter(attribute -> Field.string(attribute.bytes(), 1).equals("service.name"))
                        .map(attribute -> Field.all(attribute.bytes(), 2).stream()
                                .map(value -> Field.string(value.bytes(), 1)).findFirst().orElse(""))
                        .findFirst().orElse("");
                for (Field scopeSpans : Field.all(resourceSpans.bytes(), 2)) {
                    for (Field span : Field.all(scopeSpans.bytes(), 2)) {
                        spans.add(new ExportedSpan(service, Field.bytes(span.bytes(), 1), Field.bytes(span.bytes(), 4),
                                Field.string(span.bytes(), 5), (int) Field.varint(span.bytes(), 6)));
                    }
                }
            }
            return spans;
        }
    }

    /** One field of a protobuf message: its number and either its varint value or its length-delimited bytes. */
    private record Field(int number, long varint, byte[] bytes) {

        static List<Field> all(byte[] message, int number) {
            return parse(message).stream().filter(field -> field.number() == number).toList();
        }

        static byte[] bytes(byte[] message, int number) {
            return all(message, number).stream().map(Field::bytes).findFirst().orElse(new byte[0]);
        }

        static String string(byte[] message, int number) {
            return new String(bytes(message, number), StandardCharsets.UTF_8);
        }

        static long varint(byte[] message, int number) {
            return all(message, number).stream().mapToLong(Field::varint).findFirst().orElse(0);
        }

        private static List<Field> parse(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int[] position = {0};
            while (position[0] < message.length) {
                long tag = readVarint(message, position);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, readVarint(message, position), null));
                    case 1 -> position[0] += 8;
                    case 2 -> {
                        int length = (int) readVarint(message, position);
                        fields.add(new Field(number, 0, Arrays.copyOfRange(message, position[0], position[0] + length)));
                        position[0] += length;
                    }
                    case 5 -> position[0] += 4;
                    default -> throw new IllegalArgumentException("protobuf wire type " + (tag & 7) + " is not used by OTLP traces");
                }
            }
            return fields;
        }

        private static long readVarint(byte[] message, int[] position) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte next = message[position[0]++];
                value |= (long) (next & 0x7f) << shift;
                if (next >= 0) {
                    return value;
                }
            }
        }
    }
}
