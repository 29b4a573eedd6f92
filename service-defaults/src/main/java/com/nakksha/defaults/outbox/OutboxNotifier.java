package com.nakksha.defaults.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Wakes the relays of the other instances of this service (same schema) with a Postgres
 * {@code NOTIFY}, coalesced: at most one is on its way per instance, and requests made meanwhile
 * are answered by a single further one. Postgres serialises the commits of all notifying
 * transactions of a cluster on one lock, so a {@code NOTIFY} inside every appending transaction
 * would throttle every service's writes; this one runs in a statement of its own after the commit,
 * and only when this instance's own relay will not take the rows at once (no relay here, its
 * broker connection is down, or another instance holds the stream's lease).
 */
public class OutboxNotifier {

    /** The channel the relays of one schema listen on. */
    static final String CHANNEL_SQL = "'outbox_' || current_schema()";

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int SENDING_AND_ASKED_AGAIN = 2;

    private final DatabaseClient database;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    public OutboxNotifier(DatabaseClient database) {
        this.database = database;
    }

    /** Asks for a notification to the other instances; returns at once. Safe from any thread. */
    public void request() {
        if (state.getAndUpdate(current -> Math.min(current + 1, SENDING_AND_ASKED_AGAIN)) == IDLE) {
            send();
        }
    }

    private void send() {
        database.sql("SELECT pg_notify(" + CHANNEL_SQL + ", '')")
                .fetch().rowsUpdated()
                .timeout(TIMEOUT)
                // Without the notification other instances still find the rows at their next poll.
                .onErrorResume(error -> {
                    log.debug("Outbox notification not sent: {}", error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    if (!state.compareAndSet(SENDING, IDLE)) {
                        state.set(SENDING);
                        send();
                    }
                })
                .subscribe();
    }
}
