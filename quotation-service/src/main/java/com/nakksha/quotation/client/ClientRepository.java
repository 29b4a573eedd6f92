package com.nakksha.quotation.client;

import com.nakksha.events.ClientCreated;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The clients replica; a client is announced once (ClientCreated), so the first word is kept. */
@Repository
class ClientRepository {

    private final DatabaseClient database;

    ClientRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<ClientDirectory.KnownClient> find(UUID consultantId, UUID clientId) {
        return database.sql("SELECT id, name, email FROM client WHERE id = :id AND consultant_id = :consultant")
                .bind("id", clientId)
                .bind("consultant", consultantId)
                .map(row -> new ClientDirectory.KnownClient(row.get("id", UUID.class), row.get("name", String.class),
                        row.get("email", String.class)))
                .one();
    }

    Mono<Void> created(ClientCreated event, Instant now) {
        return database.sql("""
                        INSERT INTO client (id, consultant_id, name, email, updated_at)
                        VALUES (:id, :consultant, :name, :email, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", event.getClientId())
                .bind("consultant", event.getConsultantId())
                .bind("name", event.getName())
                .bind("email", event.getEmail())
                .bind("now", now)
                .then();
    }
}
