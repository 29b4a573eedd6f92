package com.nakksha.defaults.outbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/outbox}, admin tokens only: {@code GET} lists parked rows, {@code POST
 * /actuator/outbox/{eventId}} un-parks one event's row, {@code POST /actuator/outbox} un-parks all.
 */
@Endpoint(id = "outbox")
public class OutboxEndpoint {

    private final ParkedOutboxRows parked;

    public OutboxEndpoint(ParkedOutboxRows parked) {
        this.parked = parked;
    }

    @ReadOperation
    public Mono<Map<String, List<ParkedOutboxRows.ParkedRow>>> parked() {
        return parked.list().collectList().map(rows -> Map.of("parked", rows));
    }

    @WriteOperation
    public Mono<Map<String, Long>> unparkAll() {
        return parked.unparkAll().map(count -> Map.of("unparked", count));
    }

    @WriteOperation
    public Mono<Map<String, Long>> unpark(@Selector UUID eventId) {
        return parked.unpark(eventId).map(count -> Map.of("unparked", count));
    }
}
