package com.nakksha.quotation.consultant;

import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The consultant names replica; a profile version older than the one applied changes nothing. */
@Repository
class ConsultantProfileRepository {

    private final DatabaseClient database;

    ConsultantProfileRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<String> publicName(UUID consultantId) {
        return database.sql("SELECT first_name, last_name FROM consultant_profile WHERE consultant_id = :id")
                .bind("id", consultantId)
                .map(row -> (nonNull(row.get("first_name", String.class)) + " " + nonNull(row.get("last_name", String.class))).strip())
                .one()
                .filter(name -> !name.isEmpty());
    }

    /** Registration names the consultant; a profile that arrived first keeps its names. */
    Mono<Void> registered(ConsultantRegistered event, Instant now) {
        return database.sql("""
                        INSERT INTO consultant_profile (consultant_id, first_name, last_name, profile_version, updated_at)
                        VALUES (:id, :firstName, :lastName, 0, :now)
                        ON CONFLICT (consultant_id) DO NOTHING""")
                .bind("id", event.getConsultantId())
                .bind("firstName", event.getFirstName())
                .bind("lastName", event.getLastName())
                .bind("now", now)
                .then();
    }

    Mono<Void> profileUpdated(ConsultantProfileUpdated event, Instant now) {
        return database.sql("""
                        INSERT INTO consultant_profile (consultant_id, first_name, last_name, profile_version, updated_at)
                        VALUES (:id, :firstName, :lastName, :version, :now)
                        ON CONFLICT (consultant_id) DO UPDATE SET
                            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                            profile_version = EXCLUDED.profile_version, updated_at = EXCLUDED.updated_at
                        WHERE consultant_profile.profile_version < EXCLUDED.profile_version""")
                .bind("id", event.getConsultantId())
                .bind("firstName", event.getFirstName())
                .bind("lastName", event.getLastName())
                .bind("version", event.getProfileVersion())
                .bind("now", now)
                .then();
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
