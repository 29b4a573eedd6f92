package com.nakksha.defaults.it;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nakksha.defaults.inbox.Inbox;
import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * TracingIT's service side: a request that appends an event to the outbox, and an inbox listener of its
 * own consumer group that notes the trace it handles each event in.
 */
final class TracedEvents {

    static final String PROPERTY = "defaults-it.tracing-consumer";
    static final String PATH = "/api/v1/public/traced-sessions";

    /** What the listener saw per event id. */
    static final Map<UUID, Seen> seen = new ConcurrentHashMap<>();

    /**
     * @param listenerTraceId the current span's trace id on the listener thread
     * @param listenerMdcTraceId the {@code traceId} in the logging context there
     * @param effectTraceId the current span's trace id inside the inbox's effect, on the database driver's thread
     */
    record Seen(String listenerTraceId, String listenerMdcTraceId, String effectTraceId) {
    }

    private TracedEvents() {
    }

    @RestController
    @ConditionalOnProperty(PROPERTY)
    static class Appender {

        private final Outbox outbox;
        private final TransactionalOperator transactions;

        Appender(Outbox outbox, TransactionalOperator transactions) {
            this.outbox = outbox;
            this.transactions = transactions;
        }

        @PostMapping(PATH)
        Mono<Map<String, UUID>> append() {
            SessionCompleted event = Events.sessionCompleted(UUID.randomUUID());
            return transactions.transactional(outbox.append(Topic.BOOKING_SESSION, event.getSessionId().toString(), event))
                    .thenReturn(Map.of("eventId", event.getEventId()));
        }
    }

    @Component
    @ConditionalOnProperty(PROPERTY)
    static class Listener {

        private final Inbox inbox;
        private final Tracer tracer;

        Listener(Inbox inbox, Tracer tracer) {
            this.inbox = inbox;
            this.tracer = tracer;
        }

        @KafkaListener(topics = Topic.Names.BOOKING_SESSION, groupId = "defaults-it-tracing", batch = "true")
        void on(List<ConsumerRecord<String, SpecificRecord>> records) {
            inbox.handleEachOnce("defaults-it-tracing", records, event -> {
                String listenerTraceId = traceId();
                String mdcTraceId = MDC.get("traceId");
                return () -> Mono.fromRunnable(() -> seen.put(EventMetadata.eventId(event),
                        new Seen(listenerTraceId, mdcTraceId, traceId())));
            });
        }

        private String traceId() {
            Span span = tracer.currentSpan();
            return span == null ? null : span.context().traceId();
        }
    }
}
