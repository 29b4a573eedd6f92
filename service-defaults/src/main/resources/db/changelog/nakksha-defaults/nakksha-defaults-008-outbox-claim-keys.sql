--liquibase formatted sql

--changeset nakksha:nakksha-defaults-008-outbox-claim-keys splitStatements:false
--comment: A claim lists its topic and keys, so the next claim learns which keys are in flight without reading their outbox rows again.
-- Profiled on 2026-12-01 (OutboxBenchmark): with three rounds of 500 rows in flight, a claim spent most of its time
-- looking up every in-flight row by id to learn its key, and then looked up each claimed row a second time for its
-- payload. Now a claim row carries its topic and the distinct keys it holds, and the claim returns the payloads from
-- the scan that chose the rows. Claims written by relays of the previous version have no keys; they are still read
-- the old way until they are settled or lapse, so a rolling deploy keeps every key in one relay's hands.
ALTER TABLE outbox_claim
    ADD COLUMN topic VARCHAR(200),
    ADD COLUMN message_keys VARCHAR(200)[];
COMMENT ON COLUMN outbox_claim.topic IS 'Topic of every row the claim holds; null on claims of relays before nakksha-defaults-008';
COMMENT ON COLUMN outbox_claim.message_keys IS 'Distinct message keys of the rows the claim holds; null on claims of relays before nakksha-defaults-008';
CREATE OR REPLACE FUNCTION outbox_claim_batch(relay VARCHAR, lease_seconds DOUBLE PRECISION, batch_size INT)
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
        SELECT live.topic, live_key.message_key
        FROM outbox_claim live CROSS JOIN LATERAL unnest(live.message_keys) AS live_key(message_key)
        WHERE live.claimed_until > now() AND live.message_keys IS NOT NULL
        UNION
        SELECT sending.topic, sending.message_key
        FROM outbox_claim live CROSS JOIN LATERAL unnest(live.event_rows) AS live_row(id)
        JOIN outbox_event sending ON sending.id = live_row.id
        WHERE live.claimed_until > now() AND live.message_keys IS NULL
    ), head AS MATERIALIZED (
        SELECT pending.id, pending.topic, pending.message_key, pending.payload, pending.traceparent, pending.tracestate,
               coalesce(pending.claimed_until > now(), false) AS leased
        FROM outbox_event pending
        WHERE pending.published_at IS NULL
          AND (pending.topic, pending.message_key) NOT IN (SELECT held.topic, held.message_key FROM held)
        ORDER BY pending.id
        LIMIT batch_size
    ), claimable AS MATERIALIZED (
        -- Rows still leased in outbox_event.claimed_until by a relay of the version before nakksha-defaults-005.
        SELECT head.* FROM head
        WHERE (head.topic, head.message_key) NOT IN (SELECT leased.topic, leased.message_key FROM head leased WHERE leased.leased)
    ), claims AS (
        INSERT INTO outbox_claim (claimed_by, claimed_until, event_rows, topic, message_keys)
        SELECT relay, now() + make_interval(secs => lease_seconds), array_agg(claimable.id ORDER BY claimable.id),
               claimable.topic, array_agg(DISTINCT claimable.message_key)
        FROM claimable
        GROUP BY claimable.topic
        RETURNING outbox_claim.id, outbox_claim.topic
    )
    SELECT claims.id, claimable.id, claimable.topic, claimable.message_key, claimable.payload, claimable.traceparent, claimable.tracestate
    FROM claimable JOIN claims ON claims.topic = claimable.topic;
END
$$;
