package com.nakksha.defaults.outbox;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Headers;
import reactor.core.publisher.Mono;

/**
 * Carries the W3C trace context of the transaction that appended an outbox row to the record the
 * relay publishes later, from a thread of its own where that trace is gone: the appender's
 * {@code traceparent} and {@code tracestate} are stored with the row (migration
 * nakksha-defaults-007), and the relay sends the row in a producer span that is their child and
 * puts that span's context on the record as W3C headers, from which the consumers' listener
 * observations continue the trace.
 */
public class OutboxTracing {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    /** The column's width; W3C lets a proxy drop a tracestate it cannot carry, while the traceparent always goes on. */
    private static final int MAX_TRACESTATE_CHARS = 512;
    private static final int TRACEPARENT_CHARS = 55;

    private final Tracer tracer;
    private final Propagator propagator;
    private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

    /** Pass {@link Tracer#NOOP} and {@link Propagator#NOOP} where nothing is traced: rows then carry no context. */
    public OutboxTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * The trace context the subscriber runs in: its observation travels in the Reactor context (a
     * WebFlux request's, or the record's that {@code Inbox.handleAll} put there), or is on the current thread.
     *
     * @return never empty; {@link TraceHeaders#NONE} outside a trace
     */
    Mono<TraceHeaders> current() {
        return Mono.deferContextual(reactorContext -> {
            try (ContextSnapshot.Scope scope = snapshots.setThreadLocalsFrom(reactorContext, ObservationThreadLocalAccessor.KEY)) {
                Span span = tracer.currentSpan();
                if (span == null) {
                    return Mono.just(TraceHeaders.NONE);
                }
                Map<String, String> headers = new HashMap<>();
                propagator.inject(span.context(), headers, Map::put);
                return Mono.just(TraceHeaders.of(headers.get(TRACEPARENT), headers.get(TRACESTATE)));
            }
        });
    }

    /**
     * Starts the relay's span for sending one row, a child of the span that appended it.
     *
     * @return the started span, which the caller ends once the broker answered; null for a row appended outside a trace
     */
    Span startPublish(String topic, TraceHeaders appended) {
        if (appended.traceparent() == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put(TRACEPARENT, appended.traceparent());
        if (appended.tracestate() != null) {
            carrier.put(TRACESTATE, appended.tracestate());
        }
        return propagator.extract(carrier, Map::get)
                .name("outbox publish")
                .kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .start();
    }

    /** Puts {@code span}'s context on a record as W3C headers, replacing any of the same names. */
    void inject(Span span, Headers headers) {
        propagator.inject(span.context(), headers, (carrier, name, value) ->
                carrier.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A row's stored W3C context; both null for a row appended outside a trace. */
    record TraceHeaders(String traceparent, String tracestate) {

        static final TraceHeaders NONE = new TraceHeaders(null, null);

        static TraceHeaders of(String traceparent, String tracestate) {
            if (traceparent == null || traceparent.length() > TRACEPARENT_CHARS) {
                return NONE;
            }
            boolean fits = tracestate != null && !tracestate.isEmpty() && tracestate.length() <= MAX_TRACESTATE_CHARS;
            return new TraceHeaders(traceparent, fits ? tracestate : null);
        }
    }
}
