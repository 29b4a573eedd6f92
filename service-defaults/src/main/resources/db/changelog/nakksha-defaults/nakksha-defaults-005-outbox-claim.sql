--liquibase formatted sql

--changeset nakksha:nakksha-defaults-005-outbox-claim
--comment: A relay's claim is one row per round and topic listing the outbox rows it holds, instead of a lease written into every claimed outbox row.
-- Claiming 500 rows used to rewrite 500 outbox rows and releasing them another 500; now it inserts one
-- row and deletes it. The table holds a handful of rows (rounds in flight per instance), so a claim
-- reads all live ones. outbox_event.claimed_by/claimed_until stay for relays of the previous version
-- during a rolling deploy; this version still honours a lease found there.
CREATE TABLE outbox_claim (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claimed_by VARCHAR(200) NOT NULL,
    claimed_until TIMESTAMPTZ NOT NULL,
    event_rows BIGINT[] NOT NULL
);
COMMENT ON TABLE outbox_claim IS 'Outbox rows a relay instance is sending; rows listed under a claim whose claimed_until has passed may be taken by any instance';
COMMENT ON COLUMN outbox_claim.event_rows IS 'outbox_event.id of the claimed rows, all of one topic';
