package com.nakksha.booking.session;

import com.nakksha.defaults.problem.Refusal;

/**
 * A change sent with {@code If-Match} for a version of the session that is no longer current (another tab or
 * the client changed it since): 412, nothing changed (RFC 9110, 13.1.1).
 */
public class PreconditionFailedException extends Refusal {

    public PreconditionFailedException(long currentVersion) {
        super(Kind.PRECONDITION_FAILED, "Session changed", "the session changed since that version was read; it is now at version "
                + currentVersion + " (ETag \"" + currentVersion + "\"): read it again and repeat the change if it still applies");
    }
}
