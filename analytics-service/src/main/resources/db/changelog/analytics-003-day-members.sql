--liquibase formatted sql

--changeset analytics:003-day-members
-- The members of a consultant's distinct figures per local day (clients with a held session,
-- sessions paid), so active clients, repeat clients and distinct sessions paid in any period are a
-- distinct count over the period's days instead of a scan of the sessions with a zone conversion
-- per row. Filled at startup from the fact rows when missing (DailyBackfill).
CREATE TABLE consultant_day_member (
    generation    INT NOT NULL,
    consultant_id UUID NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('held_client', 'paid_session')),
    day           DATE NOT NULL,
    member_id     UUID NOT NULL,
    n             BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (generation, consultant_id, kind, day, member_id)
);
-- A client's first two held sessions up to a day (the repeat rate).
CREATE INDEX consultant_day_member_member ON consultant_day_member (generation, consultant_id, kind, member_id, day) INCLUDE (n);
-- A live event moves rows by a difference; the ones it leaves at zero are deleted right after.
CREATE INDEX consultant_day_member_zero ON consultant_day_member (generation, consultant_id) WHERE n = 0;
CREATE INDEX consultant_daily_zero ON consultant_daily (generation, consultant_id) WHERE value = 0;

-- QuotationWithdrawn, projected from this version on (a rebuild counts earlier withdrawals).
ALTER TABLE quotation_fact ADD COLUMN withdrawn_at TIMESTAMPTZ;
CREATE INDEX quotation_fact_consultant_withdrawn ON quotation_fact (generation, consultant_id, withdrawn_at)
    WHERE withdrawn_at IS NOT NULL;

-- While a generation's day tables are being filled from the fact rows (a rebuild, or the startup
-- backfill), a live event moves a consultant's day rows only once that consultant is filled: before,
-- the fill will count the event's facts, and moving rows that do not hold the earlier facts yet
-- could take away what was never added.
ALTER TABLE projection_generation ADD COLUMN daily_filling BOOLEAN NOT NULL DEFAULT false;
CREATE TABLE consultant_daily_filled (
    generation    INT NOT NULL,
    consultant_id UUID NOT NULL,
    PRIMARY KEY (generation, consultant_id)
);
