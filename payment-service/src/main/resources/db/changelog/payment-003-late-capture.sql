--liquibase formatted sql

--changeset payment:003-late-capture-returns
-- A capture that arrives after a session's hold expired is accepted until booking decides; one it declines
-- (slot taken meanwhile) leaves the payable RETURNED, and one RETURN ledger entry cancels what the capture
-- had put in the consultant's ledger.
ALTER TABLE payable DROP CONSTRAINT payable_payment_state_check;
ALTER TABLE payable ADD CONSTRAINT payable_payment_state_check
    CHECK (payment_state IN ('UNPAID', 'FAILED', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED'));
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_entry_type_check;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_entry_type_check
    CHECK (entry_type IN ('CAPTURE', 'PROVIDER_FEE', 'PLATFORM_FEE', 'REFUND', 'RETURN'));
