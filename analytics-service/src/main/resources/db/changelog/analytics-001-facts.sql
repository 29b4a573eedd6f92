--liquibase formatted sql

--changeset analytics:001-facts
-- One fact row per entity and projection generation; each field group keeps the stamp
-- (occurredAt, rank, eventId) of the event that set it, so the row depends on the set of events,
-- not on their order. Daily figures are computed from these rows.
CREATE TABLE projection_generation (
    generation      INT PRIMARY KEY,
    state           TEXT NOT NULL CHECK (state IN ('ACTIVE', 'BUILDING', 'RETIRED', 'FAILED')),
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    events_applied  BIGINT NOT NULL DEFAULT 0,
    last_applied_at TIMESTAMPTZ,
    newest_event_at TIMESTAMPTZ,
    failure         TEXT
);
CREATE UNIQUE INDEX projection_generation_one_active ON projection_generation (state) WHERE state = 'ACTIVE';
CREATE UNIQUE INDEX projection_generation_one_building ON projection_generation (state) WHERE state = 'BUILDING';
INSERT INTO projection_generation (generation, state, started_at) VALUES (1, 'ACTIVE', now());

CREATE TABLE consultant_fact (
    generation        INT NOT NULL,
    consultant_id     UUID NOT NULL,
    registered_at     TIMESTAMPTZ,
    status            TEXT,
    status_at         TIMESTAMPTZ,
    status_rank       INT,
    status_event_id   UUID,
    first_approved_at TIMESTAMPTZ,
    PRIMARY KEY (generation, consultant_id)
);

CREATE TABLE consultant_zone (
    generation      INT NOT NULL,
    consultant_id   UUID NOT NULL,
    profile_version BIGINT NOT NULL,
    zone            TEXT NOT NULL,
    effective_from  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (generation, consultant_id, profile_version)
);

CREATE TABLE session_fact (
    generation       INT NOT NULL,
    session_id       UUID NOT NULL,
    consultant_id    UUID NOT NULL,
    booked_at        TIMESTAMPTZ,
    booked_event_id  UUID,
    client_id        UUID,
    session_type     TEXT,
    source           TEXT,
    amount_minor     BIGINT,
    currency         TEXT,
    starts_at        TIMESTAMPTZ,
    starts_stamp_at  TIMESTAMPTZ,
    starts_stamp_rank INT,
    starts_stamp_id  UUID,
    status           TEXT,
    status_at        TIMESTAMPTZ,
    status_rank      INT,
    status_event_id  UUID,
    payment_status   TEXT,
    payment_method   TEXT,
    payment_at       TIMESTAMPTZ,
    payment_rank     INT,
    payment_event_id UUID,
    PRIMARY KEY (generation, session_id)
);
CREATE INDEX session_fact_consultant_starts ON session_fact (generation, consultant_id, starts_at);
CREATE INDEX session_fact_starts ON session_fact (generation, starts_at);
CREATE INDEX session_fact_consultant_paid ON session_fact (generation, consultant_id, payment_at)
    WHERE payment_status = 'PAID';

CREATE TABLE client_fact (
    generation    INT NOT NULL,
    client_id     UUID NOT NULL,
    consultant_id UUID NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (generation, client_id)
);
CREATE INDEX client_fact_consultant_created ON client_fact (generation, consultant_id, created_at);

CREATE TABLE payment_fact (
    generation            INT NOT NULL,
    payment_id            UUID NOT NULL,
    consultant_id         UUID NOT NULL,
    payable_type          TEXT,
    payable_id            UUID,
    currency              TEXT,
    captured_at           TIMESTAMPTZ,
    captured_event_id     UUID,
    captured_minor        BIGINT,
    provider_fee_minor    BIGINT,
    platform_fee_minor    BIGINT,
    returned_at           TIMESTAMPTZ,
    returned_event_id     UUID,
    returned_minor        BIGINT,
    first_failed_at       TIMESTAMPTZ,
    PRIMARY KEY (generation, payment_id)
);
CREATE INDEX payment_fact_consultant_captured ON payment_fact (generation, consultant_id, captured_at);
CREATE INDEX payment_fact_captured ON payment_fact (generation, captured_at);

CREATE TABLE refund_fact (
    generation    INT NOT NULL,
    refund_id     TEXT NOT NULL,
    payment_id    UUID NOT NULL,
    consultant_id UUID NOT NULL,
    payable_type  TEXT NOT NULL,
    payable_id    UUID NOT NULL,
    amount_minor  BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    refunded_at   TIMESTAMPTZ NOT NULL,
    event_id      UUID NOT NULL,
    PRIMARY KEY (generation, refund_id)
);
CREATE INDEX refund_fact_consultant_refunded ON refund_fact (generation, consultant_id, refunded_at);

CREATE TABLE quotation_fact (
    generation    INT NOT NULL,
    quotation_id  UUID NOT NULL,
    consultant_id UUID NOT NULL,
    sent_at       TIMESTAMPTZ,
    amount_minor  BIGINT,
    currency      TEXT,
    accepted_at   TIMESTAMPTZ,
    rejected_at   TIMESTAMPTZ,
    expired_at    TIMESTAMPTZ,
    view_count    INT NOT NULL DEFAULT 0,
    PRIMARY KEY (generation, quotation_id)
);
CREATE INDEX quotation_fact_consultant_sent ON quotation_fact (generation, consultant_id, sent_at);
