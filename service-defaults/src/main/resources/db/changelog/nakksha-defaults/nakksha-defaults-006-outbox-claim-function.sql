--liquibase formatted sql

--changeset nakksha:nakksha-defaults-006-outbox-claim-function splitStatements:false
--comment: The relay claims a batch in one call that takes the claim lock and then reads with a fresh snapshot, instead of a four-statement transaction.
-- Claims of one schema are serialised by a transaction-scoped advisory lock, and a claim must read
-- after it holds the lock, or it would miss the claim committed just before and claim the same keys
-- again: in one plain statement the snapshot is taken before the lock is granted. A volatile
-- function's statements each take a fresh snapshot, so lock and claim run in one round trip from an
-- autocommit call, and the lock is held for the query alone, never across network round trips.
-- Keys held by a live claim are looked up from the claim's rows and excluded by hash, which replaced
-- a window sorted by (topic, key) over several batches of the queue's head: the sort was most of the
-- claim's time. Rows still leased in outbox_event.claimed_until by a relay of the version before
-- nakksha-defaults-005 hold their key too.
CREATE FUNCTION outbox_claim_batch(relay VARCHAR, lease_seconds DOUBLE PRECISION, batch_size INT)
RETURNS TABLE (claim BIGINT, id BIGINT, topic VARCHAR, message_key VARCHAR, payload BYTEA)
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
    SELECT claims.id, event.id, event.topic, event.message_key, event.payload
    FROM claims CROSS JOIN LATERAL unnest(claims.event_rows) AS claimed(id)
    JOIN outbox_event event ON event.id = claimed.id;
END
$$;
COMMENT ON FUNCTION outbox_claim_batch(VARCHAR, DOUBLE PRECISION, INT) IS 'Claims up to batch_size claimable outbox rows for relay under a lease of lease_seconds; call outside a transaction';
