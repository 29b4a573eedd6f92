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
        return findVersioned(consultantId).mapNotNull(Versioned::stored);
    }

    /**
     * The stored rules with their row's version ({@code xmin}), which {@link #UNCHANGED} compares.
     *
     * @param stored null when the consultant has none stored (then the version is null too)
     */
    record Versioned(Availability stored, Long rowVersion) {
    }

    /** What is stored for the consultant now; both null when nothing is. */
    Mono<Versioned> findVersioned(UUID consultantId) {
        return database.sql("SELECT rules, xmin::text::bigint AS row_version FROM availability WHERE consultant_id = :id")
                .bind("id", consultantId)
                .map(row -> new Versioned(json.readValue(row.get("rules", Json.class).asString(), AvailabilityDocument.class)
                        .toAvailability(), row.get("row_version", Long.class)))
                .one()
                .defaultIfEmpty(new Versioned(null, null));
    }

    /** True while the rules of {@code :consultant} are at row version {@code :version} (null: none stored). */
    static final String UNCHANGED = """
            (SELECT xmin::text::bigint FROM availability WHERE consultant_id = :consultant) IS NOT DISTINCT FROM :version""";

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
