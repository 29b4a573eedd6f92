--liquibase formatted sql

--changeset identity-service:identity-004-status-decision
-- The admin decision that brought a consultant to its status (StatusDecision). An approval or a reinstatement
-- repeated on the account it already decided is answered 200 and changes nothing (a retry whose answer was lost,
-- RFC 9110 §9.2.2); both lead to APPROVED, so the status alone cannot tell a repeated reinstatement from
-- reinstating an account that was never suspended (refused). Existing rows take it from the audit log, which every
-- decision has written in its own transaction.
ALTER TABLE consultant ADD COLUMN status_decision VARCHAR(20)
    CHECK (status_decision IN ('APPROVE', 'REJECT', 'SUSPEND', 'REINSTATE'));
UPDATE consultant SET status_decision = CASE status
    WHEN 'REJECTED' THEN 'REJECT'
    WHEN 'SUSPENDED' THEN 'SUSPEND'
    WHEN 'APPROVED' THEN coalesce(
        (SELECT replace(entry.action, 'CONSULTANT_', '') FROM admin_audit_entry entry
         WHERE entry.target_id = consultant.id AND entry.action IN ('CONSULTANT_APPROVE', 'CONSULTANT_REINSTATE')
         ORDER BY entry.occurred_at DESC LIMIT 1),
        'APPROVE')
    END;
ALTER TABLE consultant ADD CONSTRAINT consultant_status_decision_matches CHECK (
    (status = 'PENDING_APPROVAL' AND status_decision IS NULL)
    OR (status = 'APPROVED' AND status_decision IN ('APPROVE', 'REINSTATE'))
    OR (status = 'REJECTED' AND status_decision = 'REJECT')
    OR (status = 'SUSPENDED' AND status_decision = 'SUSPEND'));
