--liquibase formatted sql

--changeset quotation:001-consultant-replica
-- Public names of consultants, from identity.consultant; the newest profile version wins.
CREATE TABLE consultant_profile (
    consultant_id   UUID PRIMARY KEY,
    first_name      VARCHAR(100),
    last_name       VARCHAR(100),
    profile_version BIGINT NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ NOT NULL
);

--changeset quotation:001-client-replica
-- Clients of each consultant, from booking.client (booking owns them).
CREATE TABLE client (
    id            UUID PRIMARY KEY,
    consultant_id UUID NOT NULL,
    name          VARCHAR(200) NOT NULL,
    email         VARCHAR(255) NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX client_consultant ON client (consultant_id);

--changeset quotation:001-quotation
-- Amounts in paise; final_amount_minor is computed by the server from base and discount (half-up).
CREATE TABLE quotation (
    id                   UUID PRIMARY KEY,
    consultant_id        UUID NOT NULL,
    client_id            UUID,
    client_name          VARCHAR(200) NOT NULL,
    client_email         VARCHAR(255) NOT NULL,
    name                 VARCHAR(300) NOT NULL,
    description          TEXT,
    base_amount_minor    BIGINT NOT NULL CHECK (base_amount_minor >= 100),
    discount_percentage  NUMERIC(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percentage BETWEEN 0 AND 100),
    final_amount_minor   BIGINT NOT NULL CHECK (final_amount_minor >= 100 AND final_amount_minor <= base_amount_minor),
    currency             VARCHAR(3) NOT NULL,
    validity_text        VARCHAR(100),
    expires_at           TIMESTAMPTZ,
    image_url            VARCHAR(500),
    notes                TEXT,
    status               VARCHAR(20) NOT NULL
        CHECK (status IN ('DRAFT', 'SENT', 'VIEWED', 'ACCEPTED', 'REJECTED', 'EXPIRED', 'WITHDRAWN')),
    share_token_hash     CHAR(64) UNIQUE,
    view_count           INTEGER NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    last_viewed_at       TIMESTAMPTZ,
    sent_at              TIMESTAMPTZ,
    viewed_at            TIMESTAMPTZ,
    responded_at         TIMESTAMPTZ,
    rejection_reason     VARCHAR(1000),
    withdrawn_at         TIMESTAMPTZ,
    paid_at              TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT quotation_sent_has_link CHECK (status = 'DRAFT' OR (share_token_hash IS NOT NULL AND sent_at IS NOT NULL
        AND expires_at IS NOT NULL)),
    CONSTRAINT quotation_paid_only_accepted CHECK (paid_at IS NULL OR status = 'ACCEPTED')
);
CREATE INDEX quotation_consultant_created ON quotation (consultant_id, created_at DESC);
CREATE INDEX quotation_open_expiry ON quotation (expires_at) WHERE status IN ('SENT', 'VIEWED');

--changeset quotation:001-quotation-history
-- What happened to a quotation, in order, for the dashboard.
CREATE TABLE quotation_history (
    id           BIGSERIAL PRIMARY KEY,
    quotation_id UUID NOT NULL REFERENCES quotation (id),
    action       VARCHAR(20) NOT NULL,
    detail       VARCHAR(1000),
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX quotation_history_quotation ON quotation_history (quotation_id, id);

--changeset quotation:001-quotation-viewer
-- One row per viewer of a share link (a hash of address and user agent): when QuotationViewed was last
-- raised for them, which throttles the event and the consultant's "viewed" mail.
CREATE TABLE quotation_viewer (
    quotation_id      UUID NOT NULL REFERENCES quotation (id),
    viewer_hash       CHAR(64) NOT NULL,
    views             INTEGER NOT NULL,
    last_notified_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (quotation_id, viewer_hash)
);
