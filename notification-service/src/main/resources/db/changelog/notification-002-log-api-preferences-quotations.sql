--liquibase formatted sql

--changeset notification:002-email-log-statuses
-- The provider's webhooks move a sent mail on to DELIVERED or BOUNCED (seed 000's email_logs statuses).
ALTER TABLE email_log DROP CONSTRAINT email_log_status_check;
ALTER TABLE email_log ADD CONSTRAINT email_log_status_check
    CHECK (status IN ('QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'BOUNCED', 'SKIPPED'));
CREATE INDEX email_log_created ON email_log (created_at DESC);
CREATE INDEX email_log_provider_message ON email_log (provider_message_id) WHERE provider_message_id IS NOT NULL;

--changeset notification:002-preference
-- A consultant's choice about one of their optional mails; no row means the mail is wanted.
CREATE TABLE notification_preference (
    consultant_id UUID NOT NULL,
    template      TEXT NOT NULL,
    enabled       BOOLEAN NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consultant_id, template)
);

--changeset notification:002-suppressed-address
-- Addresses the provider reported as bounced or complaining: no optional mail goes to them again.
CREATE TABLE suppressed_address (
    address       TEXT PRIMARY KEY CHECK (address = lower(address)),
    reason        TEXT NOT NULL CHECK (reason IN ('BOUNCED', 'COMPLAINED')),
    suppressed_at TIMESTAMPTZ NOT NULL
);

--changeset notification:002-quotation
-- Replica of quotation-service's events, for quotation mails that decide at send time.
CREATE TABLE quotation (
    quotation_id  UUID PRIMARY KEY,
    consultant_id UUID NOT NULL,
    client_name   TEXT NOT NULL,
    client_email  TEXT NOT NULL,
    title         TEXT NOT NULL,
    amount_minor  BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL,
    valid_until   TIMESTAMPTZ NOT NULL,
    share_url     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED')),
    updated_at    TIMESTAMPTZ NOT NULL
);
