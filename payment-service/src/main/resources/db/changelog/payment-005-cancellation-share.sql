--liquibase formatted sql

--changeset payment:005-cancellation-refund-percent
-- The share of a capture the owner's cancellation refunds (SessionCancelled.refundPercent: a client's cancellation
-- under the consultant's policy), so a capture learnt of only after the cancellation is refunded by the same rule.
-- NULL: not cancelled, or cancelled by the consultant or the platform, or by an event older than the field: everything.
ALTER TABLE payable ADD COLUMN cancellation_refund_percent INTEGER
    CONSTRAINT payable_cancellation_refund_percent_range CHECK (cancellation_refund_percent BETWEEN 0 AND 100);
