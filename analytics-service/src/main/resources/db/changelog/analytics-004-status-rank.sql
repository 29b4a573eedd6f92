--liquibase formatted sql

--changeset analytics:004-status-rank
-- A session's status is now merged by how far along its life it is (PENDING 0, ABANDONED 1, CONFIRMED 2,
-- an end state 3) before its time; rows written before ranked CONFIRMED 1 and ABANDONED and the end states 2.
-- Re-ranked from the stored status, so later events compare against them correctly. A row that an earlier
-- merge left ABANDONED though a confirmation of the same session was applied keeps that until a rebuild.
UPDATE session_fact SET status_rank = CASE status
    WHEN 'PENDING' THEN 0 WHEN 'ABANDONED' THEN 1 WHEN 'CONFIRMED' THEN 2 ELSE 3 END
WHERE status IS NOT NULL;
