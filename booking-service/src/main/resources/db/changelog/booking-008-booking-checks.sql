--liquibase formatted sql

--changeset booking:008-session-time-taken splitStatements:false
-- Whether a live session of the consultant (a webinar seat included) overlaps [p_from, p_until) at p_now; a pending
-- hold that ran out by then (and was not paid) does not count, as the next booking abandons it. The one definition
-- of a taken time, which every check of a booking calls. PL/pgSQL, so that each connection plans its query once.
CREATE FUNCTION session_time_taken(p_consultant uuid, p_from timestamptz, p_until timestamptz, p_now timestamptz)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM session s WHERE s.consultant_id = p_consultant
        AND s.status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
        AND s.blocked && tstzrange(p_from, p_until, '[)')
        AND NOT (s.status = 'PENDING' AND s.hold_expires_at IS NOT NULL AND s.hold_expires_at <= p_now
            AND s.payment_status <> 'PAID'));
END
$$;

--changeset booking:008-live-hold-counts splitStatements:false
-- Unpaid public bookings still holding their time at p_now: of the consultant, of the email (any consultant, any
-- letter case) and of the client address (any consultant; 0 when null). Each count stops at its cap, since the
-- caller only asks whether a limit is reached, so that each reads its own index and at most that many holds.
CREATE FUNCTION live_hold_counts(p_consultant uuid, p_email text, p_address text, p_now timestamptz,
                                 p_consultant_cap integer, p_email_cap integer, p_address_cap integer)
RETURNS TABLE (of_consultant bigint, of_email bigint, of_address bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT
        (SELECT count(*) FROM (SELECT 1 FROM session s
            JOIN session_manage_link m ON m.session_id = s.id
            WHERE s.consultant_id = p_consultant AND s.status = 'PENDING' AND s.hold_expires_at IS NOT NULL
              AND s.hold_expires_at > p_now AND s.payment_status <> 'PAID'
            LIMIT p_consultant_cap) capped),
        (SELECT count(*) FROM (SELECT 1 FROM client c
            JOIN session s ON s.client_id = c.id
            JOIN session_manage_link m ON m.session_id = s.id
            WHERE lower(c.email) = lower(p_email) AND s.status = 'PENDING' AND s.hold_expires_at IS NOT NULL
              AND s.hold_expires_at > p_now AND s.payment_status <> 'PAID'
            LIMIT p_email_cap) capped),
        (SELECT count(*) FROM (SELECT 1 FROM session_manage_link m
            JOIN session s ON s.id = m.session_id
            WHERE m.client_address = p_address AND s.status = 'PENDING' AND s.hold_expires_at IS NOT NULL
              AND s.hold_expires_at > p_now AND s.payment_status <> 'PAID'
            LIMIT p_address_cap) capped);
END
$$;

--changeset booking:008-lock-schedule-for-public-booking splitStatements:false
-- A public booking of a time takes the consultant's schedule lock in one round trip: refused at once when the time is
-- taken (the lock is not tried, so the losers of a race do not queue), else the lock is tried (locked false: another
-- booking holds it, and the caller tries again); under the lock, each statement in a snapshot of its own (a winner
-- may have committed after the first check), the consultant's expired holds are locked for the caller to abandon,
-- and the live holds counted and the time checked again. VOLATILE: in READ COMMITTED each statement of a volatile
-- function sees what committed before it started, which the checks under the lock rely on.
CREATE FUNCTION lock_schedule_for_public_booking(p_consultant uuid, p_from timestamptz, p_until timestamptz,
        p_now timestamptz, p_email text, p_address text,
        p_consultant_cap integer, p_email_cap integer, p_address_cap integer,
        OUT taken boolean, OUT locked boolean, OUT of_consultant bigint, OUT of_email bigint, OUT of_address bigint,
        OUT expired_holds uuid[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    locked := false;
    expired_holds := '{}';
    taken := session_time_taken(p_consultant, p_from, p_until, p_now);
    IF taken THEN
        RETURN;
    END IF;
    locked := pg_try_advisory_xact_lock(hashtext('booking_schedule'), hashtext(p_consultant::text));
    IF NOT locked THEN
        RETURN;
    END IF;
    SELECT coalesce(array_agg(expired.id), '{}') INTO expired_holds
    FROM (SELECT s.id FROM session s WHERE s.consultant_id = p_consultant AND s.status = 'PENDING'
              AND s.hold_expires_at IS NOT NULL AND s.hold_expires_at <= p_now
          FOR UPDATE) AS expired;
    SELECT counts.of_consultant, counts.of_email, counts.of_address,
           session_time_taken(p_consultant, p_from, p_until, p_now)
    INTO of_consultant, of_email, of_address, taken
    FROM live_hold_counts(p_consultant, p_email, p_address, p_now, p_consultant_cap, p_email_cap, p_address_cap) AS counts;
END
$$;
