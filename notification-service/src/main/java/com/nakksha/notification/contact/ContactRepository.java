package com.nakksha.notification.contact;

import java.time.Instant;
import java.util.UUID;

import com.nakksha.defaults.inbox.OwnerVersion;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class ContactRepository {

    private final DatabaseClient database;

    ContactRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Contact> findById(UUID consultantId) {
        return database.sql("SELECT * FROM contact WHERE consultant_id = :id")
                .bind("id", consultantId)
                .map(row -> new Contact(
                        row.get("consultant_id", UUID.class),
                        row.get("email", String.class),
                        row.get("first_name", String.class),
                        row.get("last_name", String.class),
                        row.get("time_zone", String.class)))
                .one();
    }

    /** The address comes only with the registration; names from it stand until a profile version arrives. */
    Mono<Void> registered(UUID consultantId, String email, String firstName, String lastName, Instant now) {
        return database.sql("""
                        INSERT INTO contact (consultant_id, email, first_name, last_name, updated_at)
                        VALUES (:id, :email, :firstName, :lastName, :now)
                        ON CONFLICT (consultant_id) DO UPDATE
                        SET email = EXCLUDED.email,
                            first_name = COALESCE(contact.first_name, EXCLUDED.first_name),
                            last_name = COALESCE(contact.last_name, EXCLUDED.last_name),
                            updated_at = EXCLUDED.updated_at""")
                .bind("id", consultantId).bind("email", email).bind("firstName", firstName).bind("lastName", lastName)
                .bind("now", now)
                .then();
    }

    /**
     * Records an admin decision of account version {@code version} unless a newer one was recorded; true when it was.
     * A decision or a row without a version applies in arrival order. False as well when there is no contact row.
     */
    Mono<Boolean> decided(UUID consultantId, Long version, Instant now) {
        return database.sql("""
                        UPDATE contact SET decision_version = :version, updated_at = :now
                        WHERE consultant_id = :id AND """ + OwnerVersion.newer("decision_version", "CAST(:version AS BIGINT)"))
                .bind("id", consultantId).bind("version", Parameter.fromOrEmpty(version, Long.class)).bind("now", now)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Applies names and zone unless a newer profile version was applied already. */
    Mono<Void> profileUpdated(UUID consultantId, String firstName, String lastName, String timeZone, long version, Instant now) {
        return database.sql("""
                        INSERT INTO contact (consultant_id, first_name, last_name, time_zone, profile_version, updated_at)
                        VALUES (:id, :firstName, :lastName, :zone, :version, :now)
                        ON CONFLICT (consultant_id) DO UPDATE
                        SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, time_zone = COALESCE(EXCLUDED.time_zone, contact.time_zone),
                            profile_version = EXCLUDED.profile_version, updated_at = EXCLUDED.updated_at
                        WHERE contact.profile_version < EXCLUDED.profile_version""")
                .bind("id", consultantId).bind("firstName", firstName).bind("lastName", lastName).bind("zone", timeZone)
                .bind("version", version).bind("now", now)
                .then();
    }
}
