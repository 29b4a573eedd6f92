--liquibase formatted sql

--changeset payment:002-order-reconciliation
-- When reconciliation last asked Razorpay about an order whose webhooks may never have come.
ALTER TABLE payment_order ADD COLUMN last_reconciled_at TIMESTAMPTZ;
CREATE INDEX payment_order_reconcile_idx ON payment_order (created_at) WHERE status = 'CREATED';
