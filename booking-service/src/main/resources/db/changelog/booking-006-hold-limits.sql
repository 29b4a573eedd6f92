--liquibase formatted sql

--changeset booking:006-manage-link-client-address
-- Who made a public booking (the forwarded client address, an IPv6 client by its /64): the live-hold limit per
-- client address counts it.
ALTER TABLE session_manage_link ADD COLUMN client_address VARCHAR(64);
