--liquibase formatted sql

--changeset nakksha:nakksha-defaults-011-outbox-settle-function splitStatements:false
--comment: The relay's claim and settle keep one generic plan per connection instead of being planned at every round.
-- Measured on 2026-12-05 (the booking benchmark's statement log, 40 bookings a second, and pgbench against the two on
-- an outbox of a few rows): the settle statement, sent as it was, spent 0.53 ms of every call in Bind, twice its
-- execution, because Postgres planned it afresh each time: its array parameters make the generic plan's estimate
-- dearer than a custom one, so the plan cache never switches to it (pg_prepared_statements: 0 generic, every call
-- custom); the claim function's query was planned afresh too (0.99-1.03 ms a claim, 0.57-0.62 with generic plans).
-- Their generic plans are the custom ones (index scans by id; the claim's scan of the unpublished rows in id order
-- under its LIMIT, checked on a backlog of 100,000 rows), so both functions ask for them: PL/pgSQL keeps a plan for
-- the connection's life. A relay of the previous version keeps sending its own settle statement during a rolling
-- deploy, and gets the claim's generic plan as well.
ALTER FUNCTION outbox_claim_batch(VARCHAR, DOUBLE PRECISION, INT) SET plan_cache_mode = force_generic_plan;
CREATE OR REPLACE FUNCTION outbox_settle(claim_id BIGINT, acknowledged_ids BIGINT[], refused_ids BIGINT[],
                                         refused_errors VARCHAR[], initial_seconds DOUBLE PRECISION,
                                         max_seconds DOUBLE PRECISION, max_attempts INT)
RETURNS TABLE (id BIGINT, event_id UUID, topic VARCHAR, message_key VARCHAR, attempts INT, parked BOOLEAN)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH acknowledged AS (
        DELETE FROM outbox_event WHERE outbox_event.id = ANY(acknowledged_ids)
        RETURNING outbox_event.id, outbox_event.event_id, outbox_event.topic, outbox_event.message_key,
                  outbox_event.event_type, outbox_event.payload, outbox_event.created_at, outbox_event.attempts,
                  outbox_event.traceparent, outbox_event.tracestate
    ), published AS (
        INSERT INTO outbox_published (id, event_id, topic, message_key, event_type, payload, created_at,
                                      published_at, attempts, traceparent, tracestate)
        SELECT acknowledged.id, acknowledged.event_id, acknowledged.topic, acknowledged.message_key,
               acknowledged.event_type, acknowledged.payload, acknowledged.created_at, now(), acknowledged.attempts,
               acknowledged.traceparent, acknowledged.tracestate
        FROM acknowledged
    ), released AS (
        DELETE FROM outbox_claim WHERE outbox_claim.id = claim_id
    )
    UPDATE outbox_event failed
    SET attempts = failed.attempts + 1,
        last_error = outcome.error,
        next_attempt_at = now() + make_interval(secs => least(initial_seconds * power(2, least(failed.attempts, 30)), max_seconds)),
        parked_at = CASE WHEN failed.attempts + 1 >= max_attempts THEN now() END
    FROM unnest(refused_ids, refused_errors) AS outcome(id, error)
    WHERE failed.id = outcome.id AND failed.published_at IS NULL
    RETURNING failed.id, failed.event_id, failed.topic, failed.message_key, failed.attempts, failed.parked_at IS NOT NULL;
END
$$;
