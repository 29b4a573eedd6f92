--liquibase formatted sql

--changeset booking:007-session-consultant-pending-hold
-- A consultant's pending holds by expiry: the live-hold count of the consultant reads only its live holds, and the
-- booking's look for its expired holds only those, whatever the number of holds of the whole platform.
CREATE INDEX session_consultant_pending_hold_idx ON session (consultant_id, hold_expires_at)
    WHERE status = 'PENDING' AND hold_expires_at IS NOT NULL;

--changeset booking:007-client-email
-- An email's clients at every consultant (client_email_per_consultant_uq leads with the consultant): the live-hold
-- count of an email goes from them to their sessions.
CREATE INDEX client_email_idx ON client (lower(email));

--changeset booking:007-manage-link-client-address
-- The public bookings made from a client address, for its live-hold count.
CREATE INDEX session_manage_link_client_address_idx ON session_manage_link (client_address)
    WHERE client_address IS NOT NULL;
