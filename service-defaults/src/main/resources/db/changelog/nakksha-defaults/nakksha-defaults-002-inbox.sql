--liquibase formatted sql

--changeset nakksha:nakksha-defaults-002-inbox logicalFilePath:db/changelog/nakksha-defaults.yaml
--validCheckSum: 9:7dbdd5bef61ef876ccc90fd5a23ec6b6
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE inbox_event (
    consumer VARCHAR(200) NOT NULL,
    event_id UUID NOT NULL,
    event_type VARCHAR(200) NOT NULL,
    handled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT inbox_event_pk PRIMARY KEY (consumer, event_id)
);
COMMENT ON TABLE inbox_event IS 'Event ids a consumer has handled, written in the same transaction as the handler''s effect.';
