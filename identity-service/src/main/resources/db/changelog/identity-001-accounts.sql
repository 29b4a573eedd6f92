--liquibase formatted sql

--changeset identity-service:identity-001-consultant logicalFilePath:db/changelog/identity-001-accounts.yaml
--validCheckSum: 9:76fea33a04825971b2bb53d701a01ea5
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE consultant (
    id                           UUID PRIMARY KEY,
    email                        VARCHAR(254) NOT NULL,
    password_hash                VARCHAR(255) NOT NULL,
    status                       VARCHAR(20)  NOT NULL
        CHECK (status IN ('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'SUSPENDED')),
    status_reason                VARCHAR(1000),
    email_verified_at            TIMESTAMPTZ,
    first_name                   VARCHAR(100) NOT NULL,
    last_name                    VARCHAR(100) NOT NULL,
    phone_country_code           VARCHAR(5)   NOT NULL DEFAULT '+91',
    phone_number                 VARCHAR(15)  NOT NULL,
    consultancy_sector           VARCHAR(100),
    description                  VARCHAR(5000),
    experience_months            INTEGER CHECK (experience_months >= 0),
    personal_session_title       VARCHAR(200),
    personal_session_price_minor BIGINT CHECK (personal_session_price_minor >= 0),
    webinar_session_title        VARCHAR(200),
    webinar_session_price_minor  BIGINT CHECK (webinar_session_price_minor >= 0),
    currency                     CHAR(3)      NOT NULL DEFAULT 'INR',
    instagram_url                VARCHAR(500),
    linkedin_url                 VARCHAR(500),
    twitter_url                  VARCHAR(500),
    profile_photo_url            VARCHAR(500),
    timezone                     VARCHAR(64)  NOT NULL,
    slug                         VARCHAR(60)  NOT NULL,
    bank_details_sealed          TEXT,
    profile_version              BIGINT       NOT NULL,
    created_at                   TIMESTAMPTZ  NOT NULL,
    updated_at                   TIMESTAMPTZ  NOT NULL,
    row_version                  BIGINT       NOT NULL DEFAULT 0
);
-- Emails are stored lower-cased; the index on lower() also guards rows written any other way.
CREATE UNIQUE INDEX consultant_email_key ON consultant (lower(email));
CREATE UNIQUE INDEX consultant_slug_key ON consultant (slug);
CREATE INDEX consultant_status_created_idx ON consultant (status, created_at DESC);
CREATE INDEX consultant_created_idx ON consultant (created_at DESC);

--changeset identity-service:identity-001-admin logicalFilePath:db/changelog/identity-001-accounts.yaml
--validCheckSum: 9:13d2193f74c84ac0f44245d33753396a
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE admin_account (
    id                         UUID PRIMARY KEY,
    email                      VARCHAR(254) NOT NULL,
    password_hash              VARCHAR(255) NOT NULL,
    full_name                  VARCHAR(200) NOT NULL,
    totp_secret_sealed         TEXT,
    totp_pending_secret_sealed TEXT,
    totp_enabled_at            TIMESTAMPTZ,
    totp_last_used_step        BIGINT,
    created_at                 TIMESTAMPTZ  NOT NULL,
    created_by                 UUID REFERENCES admin_account (id)
);
CREATE UNIQUE INDEX admin_account_email_key ON admin_account (lower(email));

--changeset identity-service:identity-001-tokens logicalFilePath:db/changelog/identity-001-accounts.yaml
--validCheckSum: 9:b1b9871074a8ea24447d718a9f48b9eb
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE refresh_token (
    id             UUID PRIMARY KEY,
    family_id      UUID        NOT NULL,
    account_id     UUID        NOT NULL,
    account_type   VARCHAR(20) NOT NULL CHECK (account_type IN ('CONSULTANT', 'ADMIN')),
    token_hash     CHAR(64)    NOT NULL UNIQUE,
    issued_at      TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    revoked_reason VARCHAR(50)
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_account_idx ON refresh_token (account_id) WHERE revoked_at IS NULL;

CREATE TABLE account_link_token (
    id            UUID PRIMARY KEY,
    consultant_id UUID        NOT NULL REFERENCES consultant (id),
    purpose       VARCHAR(30) NOT NULL CHECK (purpose IN ('EMAIL_VERIFICATION', 'PASSWORD_RESET')),
    token_hash    CHAR(64)    NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ
);
CREATE INDEX account_link_token_consultant_idx ON account_link_token (consultant_id, purpose);

CREATE TABLE signing_key (
    kid                VARCHAR(64) PRIMARY KEY,
    public_jwk         TEXT        NOT NULL,
    private_jwk_sealed TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    activates_at       TIMESTAMPTZ NOT NULL,
    retired_at         TIMESTAMPTZ
);

--changeset identity-service:identity-001-login-failures-and-audit logicalFilePath:db/changelog/identity-001-accounts.yaml
--validCheckSum: 9:cad2bc33bd2cbbc5b0e3557f8497d5fa
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE login_failure (
    id        BIGSERIAL PRIMARY KEY,
    subject   VARCHAR(400) NOT NULL,
    failed_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX login_failure_subject_idx ON login_failure (subject, failed_at DESC);

CREATE TABLE admin_audit_entry (
    id          UUID PRIMARY KEY,
    admin_id    UUID        NOT NULL REFERENCES admin_account (id),
    action      VARCHAR(50) NOT NULL,
    target_type VARCHAR(30) NOT NULL,
    target_id   UUID        NOT NULL,
    changes     JSONB       NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX admin_audit_entry_occurred_idx ON admin_audit_entry (occurred_at DESC);
CREATE INDEX admin_audit_entry_target_idx ON admin_audit_entry (target_id);
