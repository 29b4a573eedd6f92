--liquibase formatted sql

--changeset identity-service:identity-002-admin-second-factor
-- A disabled admin can no longer log in or refresh; recovery codes are kept as SHA-256 hashes (they are
-- random, high-entropy values, so a fast hash is enough) and each one works once.
ALTER TABLE admin_account ADD COLUMN disabled_at TIMESTAMPTZ;
CREATE TABLE admin_recovery_code (
    id        UUID PRIMARY KEY,
    admin_id  UUID        NOT NULL REFERENCES admin_account (id),
    code_hash CHAR(64)    NOT NULL UNIQUE,
    issued_at TIMESTAMPTZ NOT NULL,
    used_at   TIMESTAMPTZ
);
CREATE INDEX admin_recovery_code_admin_idx ON admin_recovery_code (admin_id) WHERE used_at IS NULL;

--changeset identity-service:identity-002-refresh-token-amr-idle-grace
-- amr: how the login of this family was authenticated, restated in every refreshed access token.
-- family_expires_at: the login's absolute end; expires_at may come sooner (idle timeout of admin logins).
-- successor_sealed: the successor issued when this token was used, kept sealed for the grace window in
-- which a repeat of this token (a second tab) answers the same successor instead of revoking the family.
ALTER TABLE refresh_token ADD COLUMN amr VARCHAR(50) NOT NULL DEFAULT 'pwd';
ALTER TABLE refresh_token ADD COLUMN family_expires_at TIMESTAMPTZ;
ALTER TABLE refresh_token ADD COLUMN successor_id UUID;
ALTER TABLE refresh_token ADD COLUMN successor_sealed TEXT;

--changeset identity-service:identity-002-security-event
-- Authentication events an operator audits: admin logins and their failures, lockouts, refresh-token
-- reuse. Never a password, code or token; the email as typed and the client address only.
CREATE TABLE security_event (
    id           UUID PRIMARY KEY,
    kind         VARCHAR(40)  NOT NULL,
    account_type VARCHAR(20),
    account_id   UUID,
    email        VARCHAR(254),
    address      VARCHAR(64),
    details      JSONB        NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX security_event_occurred_idx ON security_event (occurred_at DESC);
CREATE INDEX security_event_account_idx ON security_event (account_id, occurred_at DESC);
