--liquibase formatted sql

--changeset booking:002-public-booking-request-status
-- A booking refused as "slot taken" is an answer to that key too: a retry gets the same 409, not a second try.
-- response_body is the confirmation JSON for 201 and the refusal reason for 409.
ALTER TABLE public_booking_request ADD COLUMN response_status INT NOT NULL DEFAULT 201
    CHECK (response_status IN (201, 409));
