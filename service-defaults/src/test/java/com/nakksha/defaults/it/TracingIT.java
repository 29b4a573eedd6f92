package com.nakksha.defaults.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, traces: a request's W3C trace context reaches the outbox row it appends, the Kafka record the
 * relay publishes from a thread of its own, and the consumer that handles the record (its spans, its
 * logging context, its inbox effect); the spans of all three are exported over OTLP once an endpoint is
 * configured, here an HTTP server in the test JVM.
 */
@NakkshaServiceTest(schema = "defaultsit")
@TestPropertySource(properties = {
        "defaults-it.recording-consumer=false",
        TracedEvents.PROPERTY + "=true",
        "management.opentelemetry.tracing.export.schedule-delay=100ms"})
@Import(TracingIT.Exported.class)
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<byte[]> otlpRequests = new CopyOnWriteArrayList<>();
    private static final HttpServer collector = collector();

    @Autowired
    WebTestClient web;
    @Autowired
    AvroEventCodec codec;
    @Autowired
    Exported.Spans spans;

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
                () -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        collector.stop(0);
    }

    @Test
    void anEventCarriesTheTraceOfTheRequestThatAppendedItToTheConsumerThatHandlesIt() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));

        UUID eventId = web.post().uri(TracedEvents.PATH)
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, UUID>>() { })
                .returnResult().getResponseBody().get("eventId");

        String stored = storedTraceparent(eventId);
        assertThat(stored).as("the outbox row's traceparent").matches("00-" + traceId + "-[0-9a-f]{16}-01");
        String appendingSpanId = stored.split("-")[2];
        assertThat(appendingSpanId).as("the service's own span, a child of the caller's").isNotEqualTo(callerSpanId);

        String published;
        try (TopicProbe probe = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(), Topic.BOOKING_SESSION.topicName())) {
            ConsumerRecord<String, byte[]> record = probe.awaitRecords(records -> ofEvent(records, eventId) != null, WAIT).stream()
                    .filter(candidate -> eventId.equals(eventIdOf(candidate))).findFirst().orElseThrow();
            Header traceparent = record.headers().lastHeader("traceparent");
            assertThat(traceparent).as("the record's traceparent header").isNotNull();
            published = new String(traceparent.value(), StandardCharsets.UTF_8);
        }
        assertThat(published).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        String relaySpanId = published.split("-")[2];
        assertThat(relaySpanId).as("the relay's span, between the append and the record").isNotIn(appendingSpanId, callerSpanId);

        TracedEvents.Seen seen = await().atMost(WAIT).until(() -> TracedEvents.seen.get(eventId), handled -> handled != null);
        assertThat(seen.listenerTraceId()).as("the listener's current span").isEqualTo(traceId);
        assertThat(seen.listenerMdcTraceId()).as("the listener's logging context").isEqualTo(traceId);
        assertThat(seen.effectTraceId()).as("the inbox effect's current span").isEqualTo(traceId);

        List<SpanData> trace = await().atMost(WAIT).until(() -> spans.of(traceId),
                exported -> exported.stream().anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
        SpanData server = single(trace, SpanKind.SERVER);
        SpanData relay = single(trace, SpanKind.PRODUCER);
        SpanData consumer = single(trace, SpanKind.CONSUMER);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(ancestors(trace, appendingSpanId)).as("the spans from the append up, in %s", trace).contains(server.getSpanId());
        assertThat(relay.getName()).isEqualTo("outbox publish");
        assertThat(relay.getParentSpanId()).isEqualTo(appendingSpanId);
        assertThat(relay.getSpanId()).isEqualTo(relaySpanId);
        assertThat(consumer.getParentSpanId()).isEqualTo(relaySpanId);

        byte[] traceIdOnTheWire = HexFormat.of().parseHex(traceId);
        await().atMost(WAIT).until(() -> otlpRequests.stream().anyMatch(body -> contains(body, traceIdOnTheWire)));
    }

    @Test
    void anEventAppendedOutsideATraceIsPublishedWithoutOne() throws Exception {
        UUID eventId = web.post().uri(TracedEvents.PATH)
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, UUID>>() { })
                .returnResult().getResponseBody().get("eventId");

        // A request without a traceparent starts a trace of its own (sampled or not); the row keeps that one.
        assertThat(storedTraceparent(eventId)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    private ConsumerRecord<String, byte[]> ofEvent(List<ConsumerRecord<String, byte[]>> records, UUID eventId) {
        return records.stream().filter(record -> eventId.equals(eventIdOf(record))).findFirst().orElse(null);
    }

    // Other tests put deliberately undecodable records on the same topic.
    private UUID eventIdOf(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length < 2 || record.value()[0] != (byte) 0xC3) {
            return null;
        }
        return EventMetadata.eventId(codec.decode(record.value()));
    }

    /** The ids of {@code spanId}'s span and of its ancestors among {@code trace}, nearest first. */
    private static List<String> ancestors(List<SpanData> trace, String spanId) {
        Map<String, SpanData> byId = new HashMap<>();
        trace.forEach(span -> byId.put(span.getSpanId(), span));
        List<String> chain = new ArrayList<>();
        for (SpanData span = byId.get(spanId); span != null; span = byId.get(span.getParentSpanId())) {
            chain.add(span.getSpanId());
        }
        return chain;
    }

    private static SpanData single(List<SpanData> trace, SpanKind kind) {
        List<SpanData> ofKind = trace.stream().filter(span -> span.getKind() == kind).toList();
        assertThat(ofKind).as("%s spans of the trace %s", kind, trace).hasSize(1);
        return ofKind.getFirst();
    }

    private static String storedTraceparent(UUID eventId) throws Exception {
        try (Connection connection = TestInfrastructure.superuserConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT traceparent FROM defaultsit.outbox_event_history WHERE event_id = ?")) {
            statement.setObject(1, eventId);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("outbox row of %s", eventId).isTrue();
                return result.getString(1);
            }
        }
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** An OTLP/HTTP endpoint that keeps every export request's body and answers 200. */
    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    otlpRequests.add(body.readAllBytes());
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the spans this context exports, beside the OTLP exporter. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Exported {

        @Bean
        Spans collectedSpans() {
            return new Spans();
        }

        static final class Spans implements SpanExporter {

            private final List<SpanData> spans = new CopyOnWriteArrayList<>();

            List<SpanData> of(String traceId) {
                return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
            }

            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                spans.addAll(batch);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        }
    }
}
