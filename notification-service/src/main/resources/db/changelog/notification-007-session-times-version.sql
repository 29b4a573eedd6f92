--liquibase formatted sql

--changeset notification:007-session-times-version
-- The sessionVersion of the booking.session event that set starts_at and ends_at: an event of an older write of the
-- session (one re-driven from the dead-letter topic after newer ones) moves nothing and mails nothing.
-- NULL: set by an event written before the field.
ALTER TABLE booked_session ADD COLUMN times_version BIGINT;
