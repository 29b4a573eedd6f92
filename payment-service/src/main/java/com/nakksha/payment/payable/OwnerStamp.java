package com.nakksha.payment.payable;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an owner's event stands in its owner's history: when it happened (UTC) and, for a session, the
 * session's version its write gave the row (the events' {@code sessionVersion}; null from writers before
 * that field, and for quotations). The replica keeps the newest owner state by it.
 *
 * @param occurredAt the event's {@code occurredAt}, UTC
 * @param version    the owner's row version the event was written at, or null when the writer did not say
 */
public record OwnerStamp(Instant occurredAt, Long version) {

    public OwnerStamp {
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** A stamp without a version: the writer gave only the time. */
    public static OwnerStamp at(Instant occurredAt) {
        return new OwnerStamp(occurredAt, null);
    }

    /**
     * Whether an event with this stamp was written before the one {@code applied} came from. By version when
     * both have one: two writes of one session that race take their times before the row lock orders them,
     * so the later write can carry the earlier time. By time otherwise. Equal stamps are not older: the events
     * of one write share its version.
     */
    boolean isOlderThan(OwnerStamp applied) {
        if (version != null && applied.version != null) {
            return version < applied.version;
        }
        return occurredAt.isBefore(applied.occurredAt);
    }

    /** The newer of the two, this one when neither is older. */
    OwnerStamp newest(OwnerStamp other) {
        return isOlderThan(other) ? other : this;
    }
}
