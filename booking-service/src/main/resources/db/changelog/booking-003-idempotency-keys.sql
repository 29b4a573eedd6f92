--liquibase formatted sql

--changeset booking:003-public-booking-keys-to-idempotency-key
-- Public booking keys move to service-defaults' idempotency_key table (created by nakksha-defaults.yaml, which
-- the master changelog runs first). Their scope is the one PublicBookingService claims them in.
INSERT INTO idempotency_key (scope, idempotency_key, request_hash, response_status, response_body, created_at)
SELECT 'public-booking:' || consultant_id, idempotency_key, request_hash,
       CASE WHEN response_body IS NULL THEN NULL ELSE response_status END, response_body, created_at
FROM public_booking_request
ON CONFLICT DO NOTHING;
DROP TABLE public_booking_request;
