--liquibase formatted sql

--changeset notification:006-claim-priority
-- The order due mails are claimed in (EmailTemplate.Urgency's rank, 0 first): a reminder due during a
-- burst of ordinary mails goes before them instead of after every mail due earlier. Every insert states
-- it. Only queued rows are claimed, so only they get their template's rank here (one UPDATE over the
-- whole log would hold this changeset's table lock for seconds on a large log); finished rows keep 2.
ALTER TABLE email_log ADD COLUMN priority SMALLINT NOT NULL DEFAULT 2 CHECK (priority BETWEEN 0 AND 2);
UPDATE email_log SET priority = 0 WHERE status = 'QUEUED' AND template = 'SESSION_REMINDER';
UPDATE email_log SET priority = 1 WHERE status = 'QUEUED' AND template IN ('EMAIL_VERIFICATION', 'PASSWORD_RESET', 'BOOKING_RECEIVED',
    'PAYMENT_FAILED', 'QUOTATION_EXPIRING_SOON', 'DAILY_AGENDA');
ALTER TABLE email_log ALTER COLUMN priority DROP DEFAULT;
-- The claim asks for one rank at a time (priority = :rank AND next_attempt_at <= :now ORDER BY next_attempt_at),
-- which this index answers in order without reading future reminders.
DROP INDEX email_log_due;
CREATE INDEX email_log_due ON email_log (priority, next_attempt_at) WHERE status = 'QUEUED';
