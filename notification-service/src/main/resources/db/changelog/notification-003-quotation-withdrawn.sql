--liquibase formatted sql

--changeset notification:003-quotation-withdrawn
-- QuotationWithdrawn: the replica says so, and the quotation's queued mails are skipped when they come due.
ALTER TABLE quotation DROP CONSTRAINT quotation_status_check;
ALTER TABLE quotation ADD CONSTRAINT quotation_status_check
    CHECK (status IN ('SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'));
