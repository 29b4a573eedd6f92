--liquibase formatted sql

--changeset notification:001-contact
-- Replica of what identity publishes about a consultant that mails need (ConsultantRegistered for the
-- address, ConsultantProfileUpdated for names and zone, newest profile version wins).
CREATE TABLE contact (
    consultant_id   UUID PRIMARY KEY,
    email           TEXT,
    first_name      TEXT,
    last_name       TEXT,
    time_zone       TEXT,
    profile_version BIGINT NOT NULL DEFAULT -1,
    updated_at      TIMESTAMPTZ NOT NULL
);

--changeset notification:001-email-log
-- Every mail owed, recorded in the same transaction as the consumed event (inbox), then sent by the
-- delivery job. One row per (trigger event, template, recipient): a redelivered event owes nothing new.
-- A row stays QUEUED while it is being sent; next_attempt_at is pushed out by the lease at each claim,
-- so a crashed sender's row is taken again after the lease.
CREATE TABLE email_log (
    id                  UUID PRIMARY KEY,
    trigger_event_id    UUID NOT NULL,
    template            TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    recipient_name      TEXT,
    consultant_id       UUID,
    recipient_zone      TEXT NOT NULL,
    model               JSONB NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED', 'SKIPPED')),
    attempts            INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before          TIMESTAMPTZ NOT NULL,
    next_attempt_at     TIMESTAMPTZ NOT NULL,
    subject             TEXT,
    provider_message_id TEXT,
    last_error          TEXT,
    skip_reason         TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    sent_at             TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL,
    CONSTRAINT email_log_once UNIQUE (trigger_event_id, template, recipient),
    CONSTRAINT email_log_sent_has_time CHECK (status <> 'SENT' OR sent_at IS NOT NULL),
    CONSTRAINT email_log_skipped_has_reason CHECK (status <> 'SKIPPED' OR skip_reason IS NOT NULL)
);
CREATE INDEX email_log_due ON email_log (next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX email_log_consultant ON email_log (consultant_id, created_at DESC);

--changeset notification:001-booked-session
-- Replica of booking's and payment's events about a session, for mails that decide at send time.
CREATE TABLE booked_session (
    session_id                UUID PRIMARY KEY,
    consultant_id             UUID NOT NULL,
    client_name               TEXT NOT NULL,
    client_email              TEXT NOT NULL,
    client_zone               TEXT NOT NULL,
    consultant_zone           TEXT NOT NULL,
    title                     TEXT NOT NULL,
    starts_at                 TIMESTAMPTZ NOT NULL,
    ends_at                   TIMESTAMPTZ NOT NULL,
    amount_minor              BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency                  TEXT NOT NULL,
    source                    TEXT NOT NULL,
    status                    TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'ABANDONED', 'COMPLETED', 'NO_SHOW')),
    payment_status            TEXT NOT NULL,
    hold_expires_at           TIMESTAMPTZ,
    sealed_payment_capability TEXT,
    meeting_link              TEXT,
    ics_sequence              INT NOT NULL DEFAULT 0 CHECK (ics_sequence >= 0),
    invited                   BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at                TIMESTAMPTZ NOT NULL
);
