--liquibase formatted sql

--changeset analytics:006-consultant-status-version
-- The account version (the decisions' consultantVersion) of the consultant's status: a newer decision wins whatever
-- the events' occurredAt say, and an old decision re-driven from the dead-letter topic changes nothing. NULL: the
-- registration, or a decision written before the field, which any versioned decision follows.
ALTER TABLE consultant_fact ADD COLUMN status_version BIGINT;
