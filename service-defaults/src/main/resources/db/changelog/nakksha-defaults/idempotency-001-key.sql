--liquibase formatted sql

--changeset nakksha:idempotency-001-key logicalFilePath:db/changelog/nakksha-defaults.yaml
--validCheckSum: 9:dd6c76185bb98548e2f7974bbff636df
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE TABLE idempotency_key (
    scope VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash CHAR(64) NOT NULL,
    response_status INT,
    response_body TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (scope, idempotency_key)
);
COMMENT ON TABLE idempotency_key IS 'Idempotency-Keys with the hash of the body they first came with and the answer they got; purged after the retention.';
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
