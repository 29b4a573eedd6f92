package com.nakksha.notification.preference;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class PreferenceRepository {

    private final DatabaseClient database;

    PreferenceRepository(DatabaseClient database) {
        this.database = database;
    }

    /** The consultant's stored choices by template name; a template without one is wanted. */
    Mono<Map<String, Boolean>> choices(UUID consultantId) {
        return database.sql("SELECT template, enabled FROM notification_preference WHERE consultant_id = :consultant")
                .bind("consultant", consultantId)
                .map(row -> Map.entry(row.get("template", String.class), row.get("enabled", Boolean.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<Boolean> enabled(UUID consultantId, String template) {
        return database.sql("SELECT enabled FROM notification_preference WHERE consultant_id = :consultant AND template = :template")
                .bind("consultant", consultantId).bind("template", template)
                .map(row -> row.get("enabled", Boolean.class))
                .one()
                .defaultIfEmpty(true);
    }

    Mono<Void> save(UUID consultantId, Map<String, Boolean> choices, Instant now) {
        return Flux.fromIterable(choices.entrySet())
                .concatMap(choice -> database.sql("""
                                INSERT INTO notification_preference (consultant_id, template, enabled, updated_at)
                                VALUES (:consultant, :template, :enabled, :now)
                                ON CONFLICT (consultant_id, template) DO UPDATE SET enabled = :enabled, updated_at = :now""")
                        .bind("consultant", consultantId).bind("template", choice.getKey()).bind("enabled", choice.getValue())
                        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .fetch().rowsUpdated())
                .then();
    }
}
