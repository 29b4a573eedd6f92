package com.nakksha.quotation.client;

import reactor.core.publisher.Mono;

import java.util.UUID;

import org.springframework.stereotype.Service;

/** A consultant's clients, from the replica of {@code booking.client} (booking owns clients). */
@Service
public class ClientDirectory {

    /** A client as booking announced it. */
    public record KnownClient(UUID id, String name, String email) {
    }

    private final ClientRepository clients;

    ClientDirectory(ClientRepository clients) {
        this.clients = clients;
    }

    /** The consultant's client; empty when the id is unknown or another consultant's. */
    public Mono<KnownClient> find(UUID consultantId, UUID clientId) {
        return clients.find(consultantId, clientId);
    }
}
