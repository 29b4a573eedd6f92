--liquibase formatted sql

--changeset payment:001-payable
-- What can be paid and its server-side price: a replica of booking's public sessions and
-- quotation's accepted quotations, plus where its money stands. Amounts are minor units (paise).
CREATE TABLE payable (
    id UUID PRIMARY KEY,
    payable_type VARCHAR(10) NOT NULL CHECK (payable_type IN ('SESSION', 'QUOTATION')),
    consultant_id UUID NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency CHAR(3) NOT NULL,
    description VARCHAR(255) NOT NULL,
    payer_name VARCHAR(200),
    payer_email VARCHAR(320),
    payer_phone VARCHAR(30),
    -- Hex SHA-256 of the payment capability the client got from the public booking answer.
    capability_hash CHAR(64),
    hold_expires_at TIMESTAMPTZ,
    availability VARCHAR(10) NOT NULL CHECK (availability IN ('OPEN', 'CONFIRMED', 'ABANDONED', 'CANCELLED')),
    payment_state VARCHAR(20) NOT NULL
        CHECK (payment_state IN ('UNPAID', 'FAILED', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    captured_payment_id VARCHAR(40),
    captured_minor BIGINT NOT NULL DEFAULT 0,
    refund_reserved_minor BIGINT NOT NULL DEFAULT 0,
    refunded_minor BIGINT NOT NULL DEFAULT 0,
    -- occurredAt of the newest owner event applied; older ones arriving late change nothing.
    replica_updated_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Refunds never exceed the capture: what is processed was reserved, what is reserved was captured.
    CONSTRAINT payable_refunds_within_capture
        CHECK (0 <= refunded_minor AND refunded_minor <= refund_reserved_minor AND refund_reserved_minor <= captured_minor),
    CONSTRAINT payable_paid_has_capture
        CHECK ((payment_state IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')) = (captured_payment_id IS NOT NULL))
);
CREATE INDEX payable_consultant_idx ON payable (consultant_id, created_at);

--changeset payment:001-payment-order
-- The Razorpay order of a payable. The receipt is derived from the payable, so an order whose
-- creation timed out can be found at Razorpay by receipt before another is made.
CREATE TABLE payment_order (
    id UUID PRIMARY KEY,
    payable_id UUID NOT NULL REFERENCES payable (id),
    receipt VARCHAR(40) NOT NULL UNIQUE,
    razorpay_order_id VARCHAR(40) UNIQUE,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 100),
    currency CHAR(3) NOT NULL,
    status VARCHAR(10) NOT NULL CHECK (status IN ('CREATING', 'CREATED')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT payment_order_created_has_id CHECK ((status = 'CREATED') = (razorpay_order_id IS NOT NULL))
);
CREATE UNIQUE INDEX payment_order_one_per_payable ON payment_order (payable_id);

--changeset payment:001-payment-attempt
-- One row per Razorpay payment id, as last seen (status only moves forward).
CREATE TABLE payment_attempt (
    id UUID PRIMARY KEY,
    razorpay_payment_id VARCHAR(40) NOT NULL UNIQUE,
    razorpay_order_id VARCHAR(40) NOT NULL,
    payable_id UUID NOT NULL REFERENCES payable (id),
    consultant_id UUID NOT NULL,
    status VARCHAR(12) NOT NULL CHECK (status IN ('CREATED', 'FAILED', 'AUTHORIZED', 'CAPTURED')),
    -- ACCEPTED: the payable's one capture; RETURNED: a capture refunded in full automatically.
    disposition VARCHAR(10) NOT NULL CHECK (disposition IN ('OPEN', 'ACCEPTED', 'RETURNED')),
    method VARCHAR(30),
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency CHAR(3) NOT NULL,
    fee_minor BIGINT CHECK (fee_minor >= 0),
    tax_minor BIGINT CHECK (tax_minor >= 0),
    platform_fee_minor BIGINT CHECK (platform_fee_minor >= 0),
    error_code VARCHAR(100),
    error_description VARCHAR(1000),
    authorized_at TIMESTAMPTZ,
    captured_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT payment_attempt_disposed_only_when_captured CHECK (disposition = 'OPEN' OR status = 'CAPTURED')
);
-- Exactly one capture per payable, whatever the order and number of deliveries.
CREATE UNIQUE INDEX payment_attempt_one_capture_per_payable ON payment_attempt (payable_id) WHERE disposition = 'ACCEPTED';
CREATE INDEX payment_attempt_payable_idx ON payment_attempt (payable_id);

--changeset payment:001-refund
CREATE TABLE refund (
    id UUID PRIMARY KEY,
    payable_id UUID NOT NULL REFERENCES payable (id),
    consultant_id UUID NOT NULL,
    payment_attempt_id UUID NOT NULL REFERENCES payment_attempt (id),
    razorpay_payment_id VARCHAR(40) NOT NULL,
    razorpay_refund_id VARCHAR(40) UNIQUE,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('REQUESTED', 'RETURNED_CAPTURE', 'EXTERNAL')),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency CHAR(3) NOT NULL,
    reason VARCHAR(500) NOT NULL,
    status VARCHAR(10) NOT NULL CHECK (status IN ('REQUESTED', 'PENDING', 'PROCESSED', 'FAILED')),
    -- Sent as X-Refund-Idempotency: 10+ chars of [A-Za-z0-9_-].
    idempotency_key VARCHAR(64) NOT NULL UNIQUE CHECK (idempotency_key ~ '^[A-Za-z0-9_-]{10,64}$'),
    error_description VARCHAR(1000),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX refund_one_return_per_attempt ON refund (payment_attempt_id) WHERE kind = 'RETURNED_CAPTURE';
CREATE INDEX refund_payable_idx ON refund (payable_id);
CREATE INDEX refund_unsent_idx ON refund (created_at) WHERE status = 'REQUESTED';

--changeset payment:001-webhook-event
-- Every Razorpay delivery, stored raw before it is acted on.
CREATE TABLE webhook_event (
    id UUID PRIMARY KEY,
    event_id VARCHAR(100) NOT NULL,
    event_type VARCHAR(60),
    body BYTEA NOT NULL,
    headers JSONB NOT NULL,
    signature_valid BOOLEAN NOT NULL,
    verified_with VARCHAR(10) CHECK (verified_with IN ('CURRENT', 'PREVIOUS')),
    state VARCHAR(10) NOT NULL CHECK (state IN ('RECEIVED', 'PROCESSED', 'IGNORED', 'UNMATCHED', 'REJECTED', 'FAILED')),
    attempts INT NOT NULL DEFAULT 0,
    last_error VARCHAR(1000),
    received_at TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ,
    CONSTRAINT webhook_event_rejected_iff_unverified CHECK ((state = 'REJECTED') = (NOT signature_valid)),
    CONSTRAINT webhook_event_verified_with_secret CHECK (signature_valid = (verified_with IS NOT NULL))
);
-- Only verified deliveries deduplicate: a forged delivery must not claim a real event's id.
CREATE UNIQUE INDEX webhook_event_verified_event_id ON webhook_event (event_id) WHERE signature_valid;
CREATE INDEX webhook_event_pending_idx ON webhook_event (received_at) WHERE state = 'RECEIVED';

--changeset payment:001-ledger-entry
-- What is owed to each consultant, one signed entry per money movement (positive: owed to the consultant).
CREATE TABLE ledger_entry (
    id BIGSERIAL PRIMARY KEY,
    consultant_id UUID NOT NULL,
    payable_id UUID NOT NULL REFERENCES payable (id),
    payment_attempt_id UUID REFERENCES payment_attempt (id),
    refund_id UUID REFERENCES refund (id),
    entry_type VARCHAR(15) NOT NULL CHECK (entry_type IN ('CAPTURE', 'PROVIDER_FEE', 'PLATFORM_FEE', 'REFUND')),
    amount_minor BIGINT NOT NULL,
    currency CHAR(3) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT ledger_entry_one_source CHECK ((payment_attempt_id IS NULL) <> (refund_id IS NULL)),
    CONSTRAINT ledger_entry_sign CHECK ((entry_type = 'CAPTURE') = (amount_minor > 0) OR amount_minor = 0)
);
CREATE UNIQUE INDEX ledger_entry_once_per_source ON ledger_entry (COALESCE(payment_attempt_id, refund_id), entry_type);
CREATE INDEX ledger_entry_consultant_idx ON ledger_entry (consultant_id, created_at);
