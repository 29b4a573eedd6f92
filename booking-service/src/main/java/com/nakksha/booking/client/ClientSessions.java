package com.nakksha.booking.client;

/**
 * What the client list needs to know of each client's sessions, answered by the session feature, which owns
 * the session table (issue 7: a feature asks another, never reads its tables). The answers are SQL conditions
 * so that a filtered, paged client list stays one statement.
 */
public interface ClientSessions {

    /**
     * A condition that holds when the client is a lead ({@link ClientFilter#leads()}): they have sessions, and
     * every one of them is a public booking that was never paid. A client with no session is not a lead.
     *
     * @param clientId the SQL expression of the client's id in the caller's query, such as {@code client.id};
     *                 written by the caller's code, never taken from a request
     */
    String leadCondition(String clientId);
}
