--liquibase formatted sql

--changeset notification:005-quotation-pdf
-- The quotation's PDF as quotation-service rendered it (QuotationSent v2), attached to the client's mail.
ALTER TABLE quotation ADD COLUMN pdf BYTEA;
