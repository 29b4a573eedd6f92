--liquibase formatted sql

--changeset payment:003-webhook-references
-- The order and payment a verified delivery was about, filled when it is processed, so a payment's
-- webhook history is a lookup rather than a scan of raw bodies.
ALTER TABLE webhook_event ADD COLUMN razorpay_order_id VARCHAR(40);
ALTER TABLE webhook_event ADD COLUMN razorpay_payment_id VARCHAR(40);
CREATE INDEX webhook_event_order_idx ON webhook_event (razorpay_order_id) WHERE razorpay_order_id IS NOT NULL;
CREATE INDEX webhook_event_payment_idx ON webhook_event (razorpay_payment_id) WHERE razorpay_payment_id IS NOT NULL;
CREATE INDEX webhook_event_state_idx ON webhook_event (state, received_at);

--changeset payment:003-reconciliation-run
-- What each reconciliation run found at Razorpay and applied; runs that had no order to check are not kept.
CREATE TABLE reconciliation_run (
    id UUID PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    orders_checked INT NOT NULL CHECK (orders_checked >= 0),
    orders_failed INT NOT NULL CHECK (orders_failed >= 0),
    payments_found INT NOT NULL CHECK (payments_found >= 0),
    payments_applied INT NOT NULL CHECK (payments_applied >= 0),
    captures_applied INT NOT NULL CHECK (captures_applied >= 0),
    CONSTRAINT reconciliation_run_failed_within_checked CHECK (orders_failed <= orders_checked),
    CONSTRAINT reconciliation_run_finished_after_start CHECK (finished_at >= started_at)
);
CREATE INDEX reconciliation_run_started_idx ON reconciliation_run (started_at);

--changeset payment:003-dashboard-indexes
CREATE INDEX payment_attempt_consultant_idx ON payment_attempt (consultant_id, created_at);
CREATE INDEX refund_attempt_idx ON refund (payment_attempt_id);
