--liquibase formatted sql

--changeset payment:006-authorised-attempts-index
-- Payments only authorised here: the capture retry pass and its gauge look for those whose capture did not happen.
CREATE INDEX payment_attempt_authorised_idx ON payment_attempt (updated_at) WHERE status = 'AUTHORIZED';
