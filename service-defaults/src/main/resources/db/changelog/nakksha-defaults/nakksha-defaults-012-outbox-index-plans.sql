--liquibase formatted sql

--changeset nakksha:nakksha-defaults-012-outbox-index-plans
--comment: The relay's claim and settle reach outbox rows by index, whatever the outbox's size when a connection planned them.
-- Measured on 2026-12-05 (the booking benchmark's stack with pg_stat_statements, 16 clients, ~75 bookings a second):
-- the plans nakksha-defaults-011 keeps for a connection's life are made at its first call, often just after autovacuum
-- truncated outbox_event to no pages; the planner then scans the heap, and keeps doing so while the next minute's
-- rows (sent and deleted, ~750 pages of dead rows before the next autovacuum) pile up. A settle read 824 buffers and
-- took 2.49 ms, a claim 617 and 2.72 ms; with sequential scans off for the two functions 22 and 0.31 ms, 89 and
-- 0.68 ms, and the time booking's statements took fell from 4.2 to 2.0 ms a booking. outbox_event has the index each
-- of their conditions needs (by id, its unpublished rows in id order, its retrying ones); outbox_claim, a handful of
-- live rows, is still scanned where no index serves.
ALTER FUNCTION outbox_claim_batch(VARCHAR, DOUBLE PRECISION, INT) SET enable_seqscan = off;
ALTER FUNCTION outbox_settle(BIGINT, BIGINT[], BIGINT[], VARCHAR[], DOUBLE PRECISION, DOUBLE PRECISION, INT)
    SET enable_seqscan = off;
