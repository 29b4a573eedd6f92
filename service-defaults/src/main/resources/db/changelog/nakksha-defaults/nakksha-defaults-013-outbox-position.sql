--liquibase formatted sql

--changeset nakksha:nakksha-defaults-013-outbox-position splitStatements:false
--comment: The relay reads the outbox by position and leaves published rows in place; the claim path keeps the rows the broker refused.
-- Measured on 2026-12-06 (OutboxBenchmark, 20,000 events a phase): claiming each row and moving it to outbox_published
-- cost the relay 24.8-28.9 us of CPU an event (Postgres 10-14 us of it), 0.12-0.17x the plain producer's rate; reading
-- rows by position (OutboxReader) cost 5.3-5.4 us (Postgres 1.5 us), 0.58-1.10x. One instance at a time reads, under
-- a lease on the position row. Rows at or below the position are published, except those marked for the claim path
-- (next_attempt_at or parked_at set): a row the broker refused, and every later row of its key. The position starts
-- below the first unpublished row that is not marked.
CREATE TABLE outbox_position (
    singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id BIGINT NOT NULL,
    holder VARCHAR(200),
    lease_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
COMMENT ON TABLE outbox_position IS 'The outbox relay''s position: every unmarked row at or below last_id is published; holder reads under a lease';
INSERT INTO outbox_position (last_id)
SELECT coalesce(
    (SELECT min(id) - 1 FROM outbox_event WHERE published_at IS NULL AND next_attempt_at IS NULL AND parked_at IS NULL),
    (SELECT pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'id')::regclass)),
    0);
-- Every row stays unpublished by published_at now, so this index would be the primary key again, paid on every append.
DROP INDEX outbox_event_unpublished_idx;
CREATE INDEX outbox_event_marked_idx ON outbox_event (id)
    WHERE published_at IS NULL AND (next_attempt_at IS NOT NULL OR parked_at IS NOT NULL);
-- The retention purge finds old rows below the position by their age; rows arrive in time order, so a block range index serves.
CREATE INDEX outbox_event_created_at_idx ON outbox_event USING brin (created_at);
CREATE OR REPLACE FUNCTION outbox_claim_batch(relay VARCHAR, lease_seconds DOUBLE PRECISION, batch_size INT)
RETURNS TABLE (claim BIGINT, id BIGINT, topic VARCHAR, message_key VARCHAR, payload BYTEA, traceparent VARCHAR, tracestate VARCHAR)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off AS $$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('outbox_claim'), hashtext(current_schema()));
    RETURN QUERY
    WITH held AS MATERIALIZED (
        -- A key whose first marked row waits for a retry or is parked: from outbox_event_retrying_idx.
        SELECT waiting.topic, waiting.message_key FROM outbox_event waiting
        WHERE waiting.published_at IS NULL AND (waiting.next_attempt_at IS NOT NULL OR waiting.parked_at IS NOT NULL)
          AND (waiting.next_attempt_at > now() OR waiting.parked_at IS NOT NULL)
        UNION
        -- A key some instance is sending: a claim lists a key's earliest marked rows, so its later ones wait.
        SELECT live.topic, live_key.message_key
        FROM outbox_claim live CROSS JOIN LATERAL unnest(live.message_keys) AS live_key(message_key)
        WHERE live.claimed_until > now() AND live.message_keys IS NOT NULL
    ), head AS MATERIALIZED (
        -- Only marked rows: the others are the position reader's, or published.
        SELECT pending.id, pending.topic, pending.message_key, pending.payload, pending.traceparent, pending.tracestate
        FROM outbox_event pending
        WHERE pending.published_at IS NULL AND (pending.next_attempt_at IS NOT NULL OR pending.parked_at IS NOT NULL)
          AND (pending.topic, pending.message_key) NOT IN (SELECT held.topic, held.message_key FROM held)
        ORDER BY pending.id
        LIMIT batch_size
    ), claims AS (
        INSERT INTO outbox_claim (claimed_by, claimed_until, event_rows, topic, message_keys)
        SELECT relay, now() + make_interval(secs => lease_seconds), array_agg(head.id ORDER BY head.id),
               head.topic, array_agg(DISTINCT head.message_key)
        FROM head
        GROUP BY head.topic
        RETURNING outbox_claim.id, outbox_claim.topic
    )
    SELECT claims.id, head.id, head.topic, head.message_key, head.payload, head.traceparent, head.tracestate
    FROM head JOIN claims ON claims.topic = head.topic;
END
$$;
CREATE OR REPLACE VIEW outbox_unpublished AS
SELECT event.id, event.event_id, event.topic, event.message_key, event.event_type, event.payload, event.created_at,
       event.attempts, event.last_error, event.next_attempt_at, event.parked_at, event.traceparent, event.tracestate
FROM outbox_event event
WHERE event.id > (SELECT last_id FROM outbox_position)
  AND event.published_at IS NULL AND event.next_attempt_at IS NULL AND event.parked_at IS NULL
UNION ALL
SELECT event.id, event.event_id, event.topic, event.message_key, event.event_type, event.payload, event.created_at,
       event.attempts, event.last_error, event.next_attempt_at, event.parked_at, event.traceparent, event.tracestate
FROM outbox_event event
WHERE event.published_at IS NULL AND (event.next_attempt_at IS NOT NULL OR event.parked_at IS NOT NULL);
COMMENT ON VIEW outbox_unpublished IS 'Outbox rows not yet published: above the relay''s position, or marked for a retry or parked';
CREATE OR REPLACE VIEW outbox_event_history AS
SELECT id, event_id, topic, message_key, event_type, payload, created_at, published_at, attempts, traceparent, tracestate,
       published_at IS NOT NULL
           OR (id <= (SELECT last_id FROM outbox_position) AND next_attempt_at IS NULL AND parked_at IS NULL) AS published
FROM outbox_event
UNION ALL
SELECT id, event_id, topic, message_key, event_type, payload, created_at, published_at, attempts, traceparent, tracestate,
       true
FROM outbox_published;
COMMENT ON VIEW outbox_event_history IS 'Every event the service wrote within the retention; published says whether the broker has it (published_at is set only for rows that went through a retry)';
