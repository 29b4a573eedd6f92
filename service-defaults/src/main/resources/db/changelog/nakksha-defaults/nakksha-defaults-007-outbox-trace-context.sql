--liquibase formatted sql

--changeset nakksha:nakksha-defaults-007-outbox-trace-context splitStatements:false
--comment: An outbox row keeps the W3C trace context of the transaction that appended it, so the relay publishes it in that trace.
-- The relay sends rows later, from a thread of its own, where the request or consumer that appended them is gone:
-- the context is taken at append time (service-defaults Outbox.append) and sent as the record's traceparent and
-- tracestate headers. Null for rows appended outside a trace and for rows written before this change.
-- outbox_claim_batch returns the two columns as well; a function's result type cannot be replaced in place, so it is
-- dropped and created again in this changeset's transaction. Relays of the previous version select the columns they
-- know by name, so they keep working during a rolling deploy.
ALTER TABLE outbox_event
    ADD COLUMN traceparent VARCHAR(55),
    ADD COLUMN tracestate VARCHAR(512);
COMMENT ON COLUMN outbox_event.traceparent IS 'W3C traceparent of the trace that appended the row (version-traceid-parentid-flags), sent as the record header of that name';
COMMENT ON COLUMN outbox_event.tracestate IS 'W3C tracestate that came with the traceparent, if any';
DROP FUNCTION outbox_claim_batch(VARCHAR, DOUBLE PRECISION, INT);
CREATE FUNCTION outbox_claim_batch(relay VARCHAR, lease_seconds DOUBLE PRECISION, batch_size INT)
RETURNS TABLE (claim BIGINT, id BIGINT, topic VARCHAR, message_key VARCHAR, payload BYTEA, traceparent VARCHAR, tracestate VARCHAR)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('outbox_claim'), hashtext(current_schema()));
    RETURN QUERY
    WITH held AS MATERIALIZED (
        -- A key whose first unpublished row waits for a retry or is parked: from outbox_event_retrying_idx.
        SELECT waiting.topic, waiting.message_key FROM outbox_event waiting
        WHERE waiting.published_at IS NULL AND (waiting.next_attempt_at IS NOT NULL OR waiting.parked_at IS NOT NULL)
          AND (waiting.next_attempt_at > now() OR waiting.parked_at IS NOT NULL)
        UNION
        -- A key some instance is sending: a claim lists a key's earliest unpublished rows, so its later ones wait.
        SELECT sending.topic, sending.message_key
        FROM outbox_claim live CROSS JOIN LATERAL unnest(live.event_rows) AS live_row(id)
        JOIN outbox_event sending ON sending.id = live_row.id
        WHERE live.claimed_until > now()
    ), head AS MATERIALIZED (
        SELECT pending.id, pending.topic, pending.message_key, coalesce(pending.claimed_until > now(), false) AS leased
        FROM outbox_event pending
        WHERE pending.published_at IS NULL
          AND (pending.topic, pending.message_key) NOT IN (SELECT held.topic, held.message_key FROM held)
        ORDER BY pending.id
        LIMIT batch_size
    ), claims AS (
        INSERT INTO outbox_claim (claimed_by, claimed_until, event_rows)
        SELECT relay, now() + make_interval(secs => lease_seconds), array_agg(head.id ORDER BY head.id)
        FROM head
        WHERE (head.topic, head.message_key) NOT IN (SELECT leased.topic, leased.message_key FROM head leased WHERE leased.leased)
        GROUP BY head.topic
        RETURNING outbox_claim.id, outbox_claim.event_rows
    )
    SELECT claims.id, event.id, event.topic, event.message_key, event.payload, event.traceparent, event.tracestate
    FROM claims CROSS JOIN LATERAL unnest(claims.event_rows) AS claimed(id)
    JOIN outbox_event event ON event.id = claimed.id;
END
$$;
COMMENT ON FUNCTION outbox_claim_batch(VARCHAR, DOUBLE PRECISION, INT) IS 'Claims up to batch_size claimable outbox rows for relay under a lease of lease_seconds; call outside a transaction';
