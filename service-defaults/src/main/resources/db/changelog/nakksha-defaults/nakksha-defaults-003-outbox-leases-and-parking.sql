--liquibase formatted sql

--changeset nakksha:nakksha-defaults-003-outbox-leases-and-parking logicalFilePath:db/changelog/nakksha-defaults.yaml
--validCheckSum: 9:079c3c6ede358ce45cfa4f13a7fd1d11
--comment: Relay instances claim rows with a lease instead of holding a transaction across sends; refused rows back off and are parked.
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
ALTER TABLE outbox_event
    ADD COLUMN claimed_by VARCHAR(200),
    ADD COLUMN claimed_until TIMESTAMPTZ,
    ADD COLUMN next_attempt_at TIMESTAMPTZ,
    ADD COLUMN parked_at TIMESTAMPTZ;
COMMENT ON COLUMN outbox_event.claimed_by IS 'Relay instance that holds the row while sending it';
COMMENT ON COLUMN outbox_event.claimed_until IS 'When the claim lapses and any instance may send the row';
COMMENT ON COLUMN outbox_event.next_attempt_at IS 'Earliest retry of a row the broker refused';
COMMENT ON COLUMN outbox_event.parked_at IS 'Set when retries are exhausted; cleared by an operator un-park';
-- Keys a claim must skip because their first row waits for a retry or is parked: few rows, found without scanning the backlog.
CREATE INDEX outbox_event_retrying_idx ON outbox_event (topic, message_key)
    WHERE published_at IS NULL AND (next_attempt_at IS NOT NULL OR parked_at IS NOT NULL);
-- Claim columns are deliberately in no index, so claiming and releasing rows are HOT updates; fillfactor leaves room for them.
ALTER TABLE outbox_event SET (fillfactor = 80);
