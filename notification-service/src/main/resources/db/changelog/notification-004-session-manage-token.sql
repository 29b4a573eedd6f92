--liquibase formatted sql

--changeset notification:004-session-manage-token
-- The client's manage token sealed by booking (SessionBooked v4); opened only to render a mail, never stored open.
ALTER TABLE booked_session ADD COLUMN sealed_manage_token TEXT;
