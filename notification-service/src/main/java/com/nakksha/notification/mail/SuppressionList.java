package com.nakksha.notification.mail;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Addresses the provider reported as bounced or complaining: optional mail to them is skipped (sending
 * on to a dead or complaining address hurts the sender's reputation); transactional mail still goes,
 * since a booking's client must hear about their booking if the address works again.
 */
@Component
class SuppressionList implements SendGate {

    enum Reason {
        BOUNCED, COMPLAINED
    }

    private final DatabaseClient database;
    private final Clock clock;

    SuppressionList(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    Mono<Void> suppress(String address, Reason reason) {
        return database.sql("""
                        INSERT INTO suppressed_address (address, reason, suppressed_at) VALUES (:address, :reason, :now)
                        ON CONFLICT (address) DO NOTHING""")
                .bind("address", address.toLowerCase(Locale.ROOT)).bind("reason", reason.name())
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .then();
    }

    @Override
    public Mono<String> refusal(QueuedMail mail) {
        return database.sql("SELECT reason FROM suppressed_address WHERE address = :address")
                .bind("address", mail.recipient().toLowerCase(Locale.ROOT))
                .map(row -> "the address " + row.get("reason", String.class).toLowerCase(Locale.ROOT) + " before; optional mail is not sent to it")
                .one();
    }
}
