package com.nakksha.defaults.commit;

import com.nakksha.defaults.problem.ConflictProblem;
import io.r2dbc.spi.R2dbcException;

/**
 * What a transaction acted on changed after it was read ({@link CommitWrites.Write#unchanged}), so the transaction
 * rolled back. Its caller reads again and retries; once it gives up, the client gets 409 and may try again.
 */
public class ChangedSinceReadException extends ConflictProblem {

    /** SQLSTATE of function {@code require_unchanged} (changeset nakksha-defaults-010). */
    static final String SQL_STATE = "NK001";

    private final String what;

    ChangedSinceReadException(String what, Throwable cause) {
        super("Changed while answering", what + " changed while the request was answered; nothing was done, try again",
                cause);
        this.what = what;
    }

    /** What was read and changed, as its check named it. */
    public String what() {
        return what;
    }

    /** Whether {@code failure} is the refusal of the check named {@code what}. */
    static boolean raisedFor(Throwable failure, String what) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException refused && SQL_STATE.equals(refused.getSqlState())) {
                return (what + " changed since it was read").equals(refused.getMessage());
            }
        }
        return false;
    }
}
