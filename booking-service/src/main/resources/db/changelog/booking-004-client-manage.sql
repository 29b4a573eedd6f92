--liquibase formatted sql

--changeset booking:004-session-version
-- Counts the writes of a session row: its ETag, compared with If-Match (412 on a stale one).
ALTER TABLE session ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

--changeset booking:004-reschedule-by
ALTER TABLE session_reschedule ADD COLUMN rescheduled_by VARCHAR(10) NOT NULL DEFAULT 'CONSULTANT'
    CHECK (rescheduled_by IN ('CONSULTANT', 'CLIENT'));

--changeset booking:004-manage-link
-- A public booking's manage link: only the SHA-256 of the token is kept.
CREATE TABLE session_manage_link (
    session_id UUID PRIMARY KEY REFERENCES session (id),
    token_hash CHAR(64) NOT NULL,
    client_time_zone VARCHAR(64),
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_manage_link_token_uq UNIQUE (token_hash)
);

--changeset booking:004-client-policy
-- What a consultant lets clients do through their manage links; a consultant without a row has the defaults
-- of ClientPolicy.DEFAULT.
CREATE TABLE client_policy (
    consultant_id UUID PRIMARY KEY,
    minimum_notice_minutes INT NOT NULL CHECK (minimum_notice_minutes >= 0),
    maximum_reschedules INT NOT NULL CHECK (maximum_reschedules >= 0),
    refund VARCHAR(10) NOT NULL CHECK (refund IN ('FULL', 'NONE', 'PERCENTAGE')),
    refund_percent INT CHECK (refund_percent BETWEEN 0 AND 100),
    refund_deadline_minutes INT CHECK (refund_deadline_minutes >= 0),
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT client_policy_percentage_complete CHECK (
        (refund = 'PERCENTAGE') = (refund_percent IS NOT NULL AND refund_deadline_minutes IS NOT NULL))
);

--changeset booking:004-one-seat-per-client
-- One client, one live seat per webinar occurrence (clients are matched by email, case-insensitively).
CREATE UNIQUE INDEX session_one_seat_per_client_uq ON session (webinar_occurrence_id, client_id)
    WHERE webinar_occurrence_id IS NOT NULL AND status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW');
