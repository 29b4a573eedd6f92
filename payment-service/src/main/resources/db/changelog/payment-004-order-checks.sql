--liquibase formatted sql

--changeset payment:004-order-check-requests
-- An order to check at Razorpay at once, whatever its age: set when the payable's owner cancelled it while no
-- capture of it was known here (a payment whose webhooks were lost may exist and must go back in full), cleared by
-- the check that answered it.
ALTER TABLE payment_order ADD COLUMN check_requested_at TIMESTAMPTZ;
CREATE INDEX payment_order_check_requested_idx ON payment_order (check_requested_at) WHERE check_requested_at IS NOT NULL;
