package com.nakksha.booking.availability;

import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** A consultant's availability, kept as one JSON document because it is always read and written whole. */
@Repository
public class AvailabilityRepository {

    private final DatabaseClient database;
    private final JsonMapper json;

    AvailabilityRepository(DatabaseClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    public Mono<Availability> find(UUID consultantId) {
        return database.sql("SELECT rules FROM availability WHERE consultant_id = :id")
                .bind("id", consultantId)
                .map(row -> row.get("rules", Json.class).asString())
                .one()
                .map(rules -> json.readValue(rules, AvailabilityDocument.class).toAvailability());
    }

    public Mono<Void> save(UUID consultantId, Availability availability, Instant now) {
        String rules = json.writeValueAsString(AvailabilityDocument.of(availability));
        return database.sql("""
                        INSERT INTO availability (consultant_id, rules, updated_at) VALUES (:id, :rules, :now)
                        ON CONFLICT (consultant_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at""")
                .bind("id", consultantId)
                .bind("rules", Json.of(rules))
                .bind("now", now)
                .then();
    }
}
