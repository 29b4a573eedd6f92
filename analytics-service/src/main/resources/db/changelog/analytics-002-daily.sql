--liquibase formatted sql

--changeset analytics:002-consultant-daily
-- The consultant's figures per local day and metric, recomputed from the fact rows for every day an
-- event touches (never incremented), so a dashboard reads at most a few thousand rows whatever the
-- number of sessions. Filled by the projection from this version on: run a rebuild after upgrading
-- a database that already has fact rows.
CREATE TABLE consultant_daily (
    generation    INT NOT NULL,
    consultant_id UUID NOT NULL,
    day           DATE NOT NULL,
    metric        TEXT NOT NULL,
    value         BIGINT NOT NULL,
    PRIMARY KEY (generation, consultant_id, day, metric)
);

-- Active and repeat clients look up a client's sessions; a session's recomputation finds the
-- payments and refunds that paid it; a day's recomputation reads returns and acceptances by day.
CREATE INDEX session_fact_client ON session_fact (generation, client_id);
CREATE INDEX payment_fact_payable ON payment_fact (generation, payable_id);
CREATE INDEX refund_fact_payable ON refund_fact (generation, payable_id);
CREATE INDEX payment_fact_consultant_returned ON payment_fact (generation, consultant_id, returned_at)
    WHERE returned_at IS NOT NULL;
CREATE INDEX quotation_fact_consultant_accepted ON quotation_fact (generation, consultant_id, accepted_at)
    WHERE accepted_at IS NOT NULL;
