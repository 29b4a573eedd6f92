--liquibase formatted sql

--changeset payment:007-owner-version
-- The session's version the newest applied owner event was written at (its sessionVersion), which orders a session's
-- events as booking wrote them; replica_updated_at (the event's occurredAt) does not when two writes race.
-- NULL: a quotation, or no event applied yet carried a version.
ALTER TABLE payable ADD COLUMN owner_version BIGINT;
