package com.nakksha.booking.client;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.ClientCreated;
import com.nakksha.schemas.Topic;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** Appends a new client's ClientCreated event to the outbox, inside the transaction that created the client. */
@Component
class ClientEventPublisher {

    private final Outbox outbox;

    ClientEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    Mono<Void> created(Client client, Instant now) {
        ClientCreated event = ClientCreated.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now.truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(client.consultantId())
                .setClientId(client.id())
                .setName(client.name())
                .setEmail(client.email())
                .setPhone(client.fullPhone())
                .setCity(client.city())
                .setState(client.state())
                .setCountry(client.country())
                .build();
        return outbox.append(Topic.BOOKING_CLIENT, client.id().toString(), event);
    }
}
