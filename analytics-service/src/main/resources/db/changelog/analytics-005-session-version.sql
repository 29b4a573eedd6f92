--liquibase formatted sql

--changeset analytics:005-session-version
-- The session's version (the events' sessionVersion) that set a session's start time and its payment status: a newer
-- write of the session wins whatever the events' occurredAt say, since two writes that race read the clock before
-- the session's lock orders them. NULL: set by an event written before the field, which any versioned event follows.
ALTER TABLE session_fact ADD COLUMN starts_stamp_version BIGINT;
ALTER TABLE session_fact ADD COLUMN payment_version BIGINT;
