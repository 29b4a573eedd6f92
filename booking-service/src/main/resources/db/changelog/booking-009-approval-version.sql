--liquibase formatted sql

--changeset booking:009-approval-version
-- The consultant account's version (identity's row version) of the status decision the replica holds, so that an
-- older decision delivered later (a re-driven record) changes nothing. Null for rows written before it.
ALTER TABLE consultant_profile ADD COLUMN approval_version bigint;
