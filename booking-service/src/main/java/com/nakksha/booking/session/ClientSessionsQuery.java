package com.nakksha.booking.session;

import com.nakksha.booking.client.ClientSessions;

import org.springframework.stereotype.Component;

/** The session table's part of the client list's filters; the client feature reaches it through {@link ClientSessions}. */
@Component
class ClientSessionsQuery implements ClientSessions {

    /** Held, abandoned or cancelled public bookings that were never paid are what a lead's sessions all are (issue 14). */
    @Override
    public String leadCondition(String clientId) {
        return """
                (EXISTS (SELECT 1 FROM session s WHERE s.client_id = %1$s)
                 AND NOT EXISTS (SELECT 1 FROM session s WHERE s.client_id = %1$s
                     AND NOT (s.source = 'PUBLIC' AND s.status IN ('PENDING', 'ABANDONED', 'CANCELLED')
                              AND s.payment_status IN ('PENDING', 'FAILED'))))""".formatted(clientId);
    }
}
