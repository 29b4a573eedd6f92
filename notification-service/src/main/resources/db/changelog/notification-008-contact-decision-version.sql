--liquibase formatted sql

--changeset notification:008-contact-decision-version
-- The consultantVersion of the newest admin decision (approval, rejection, suspension) mailed to the consultant: an
-- older decision delivered later (re-driven from the dead-letter topic) mails nothing, since it would tell the
-- consultant a status they no longer have. NULL: no decision yet, or one written before the field.
ALTER TABLE contact ADD COLUMN decision_version BIGINT;
