package com.nakksha.defaults.it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.nakksha.events.SessionCompleted;

final class Events {

    private Events() {
    }

    static SessionCompleted sessionCompleted(UUID sessionId) {
        return SessionCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setConsultantId(UUID.randomUUID())
                .setSessionId(sessionId)
                .build();
    }
}
