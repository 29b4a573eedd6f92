-- The SQL of one public booking (POST /api/v1/public/consultants/{slug}/bookings) as booking-service runs it: the
-- statements' text from its repositories, in the order SessionBooking runs them, the profile lookup before the
-- transaction and everything from BEGIN READ WRITE to COMMIT. Each run of booking-throughput.sh captures a booking
-- (log_statement = 'all' on the launcher's Postgres, see README.md) and compares the order of its statements.
-- Values the service computes (ids, times, hashes, totals, the response, Avro payloads of the two outbox events) are
-- made here: ids and the slot from a per-client counter, times from now(), payloads and the response copied
-- from the captured booking (same sizes: ClientCreated 187 bytes, SessionBooked 324 bytes). The manage link's
-- hash is made from the counter too (it is unique).
--
-- Needs -M prepared (or extended), so that variables are bound as parameters as the service binds them
--   pgbench -n -M prepared -f deploy/bench/booking-transaction.sql -D consultant=UUID -D slug=SLUG
--           -D run=1 -D nclients=CLIENTS -D n=0 -c CLIENTS -j 2 -T SECONDS nakksha   (as role booking)
-- n counts each client's own transactions (pgbench keeps a client's variables between transactions), so idx,
-- and with it every slot, id, key and email, is distinct within a run; runs differ by the run number.
-- Slots start at 2100-01-01 UTC, 30 minutes apart, far from the slots booked through the gateway.
-- The response body spells its colons as \x3a in an E'' literal: pgbench takes a colon before digits for a variable.
\set n :n + 1
\set idx :run * 10000000 + :n * :nclients + :client_id
\set start 4102444800 + :idx * 1800
\set finish :start + 1800

SELECT * FROM consultant_profile WHERE slug = :slug
ORDER BY slug_since DESC NULLS LAST, updated_at DESC LIMIT 1;

BEGIN READ WRITE;
INSERT INTO idempotency_key (scope, idempotency_key, request_hash, created_at)
VALUES ('public-booking:' || :consultant, 'b0000000-0000-4000-8000-' || lpad(:idx, 12, '0'),
        '23cb9055573d87d7df0ded24903012b62a37ef63f438daea8d30893fedccb94b', now()) ON CONFLICT DO NOTHING;
SAVEPOINT SAVEPOINT_1;
SELECT rules FROM availability WHERE consultant_id = :consultant;
SELECT EXISTS (SELECT 1 FROM session WHERE consultant_id = :consultant
    AND status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
    AND blocked && tstzrange(to_timestamp(:start), to_timestamp(:finish), '[)')
    AND NOT (status = 'PENDING' AND hold_expires_at IS NOT NULL AND hold_expires_at <= now()
        AND payment_status <> 'PAID')) AS taken;
SELECT pg_try_advisory_xact_lock(hashtext('booking_schedule'), hashtext(:consultant)) AS locked;
SELECT * FROM session WHERE consultant_id = :consultant AND status = 'PENDING'
    AND hold_expires_at IS NOT NULL AND hold_expires_at <= now()
FOR UPDATE SKIP LOCKED;
SELECT EXISTS (SELECT 1 FROM session WHERE consultant_id = :consultant
    AND status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW')
    AND blocked && tstzrange(to_timestamp(:start), to_timestamp(:finish), '[)')
    AND NOT (status = 'PENDING' AND hold_expires_at IS NOT NULL AND hold_expires_at <= now()
        AND payment_status <> 'PAID')) AS taken;
INSERT INTO client (id, consultant_id, name, email, phone_country_code, phone_number, address, city,
    state, country, active, total_sessions, total_paid_minor, currency, created_at, updated_at)
VALUES (('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, :consultant, 'Bench Client ' || :idx,
    'client.' || :idx || '@pgbench.example.in', '+91', '9800000000', NULL, NULL, NULL,
    NULL, true, 0, 0, 'INR', now(), now())
ON CONFLICT (consultant_id, lower(email)) DO NOTHING
RETURNING *;
WITH same_key_appenders_wait AS (
    SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('booking.client' || '/' || ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0')))))
INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
SELECT ('e0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'booking.client',
    'c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'), 'com.nakksha.events.ClientCreated',
    '\xc30145fcfbe2aadb96a64832343165663131662d313230632d343364612d383434382d316337666362323232656239f6f8cdf5bf684832383066613734652d623231662d343464652d393835372d3937363130653563366437344830343931653461382d613364312d346134342d393939652d3465353561643236626332351c42656e636820436c69656e74203032636c69656e742e304062656e63682e6578616d706c652e696e021c2b39312039383030303030303030000000' FROM same_key_appenders_wait;
WITH new_session AS (INSERT INTO session (id, consultant_id, client_id, session_type, source, title, starts_at,
    duration_minutes, buffer_before_minutes, buffer_after_minutes, blocked, amount_minor, currency,
    platform, meeting_link, notes, consultant_notes, status, payment_status, payment_method,
    payment_reference, hold_expires_at, cancellation_reason, webinar_occurrence_id, occupancy_key,
    created_at, updated_at)
VALUES (('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, :consultant,
    ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'PERSONAL', 'PUBLIC', 'One-to-one career session',
    to_timestamp(:start), 30, 0, 0, tstzrange(to_timestamp(:start), to_timestamp(:finish), '[)'), 150000, 'INR',
    'ZOOM', NULL, NULL, NULL, 'PENDING', 'PENDING', NULL,
    NULL, now() + interval '2 hours', NULL, NULL, ('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid,
    now(), now()) RETURNING id)
INSERT INTO session_manage_link (session_id, token_hash, client_time_zone, created_at)
SELECT id, md5('link' || :run || '/' || :idx) || md5('hash' || :run || '/' || :idx), 'Asia/Kolkata', now() FROM new_session;
UPDATE client SET total_sessions = total_sessions + 1, total_paid_minor = total_paid_minor + 0
WHERE id = ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid;
WITH same_key_appenders_wait AS (
    SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('booking.session' || '/' || ('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0')))))
INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
SELECT ('e1000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'booking.session',
    'a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'), 'com.nakksha.events.SessionBooked',
    '\xc301720d7dbb945ae5654834303737616362312d323039642d346338662d383664302d306465316437373461353566baf8cdf5bf684832383066613734652d623231662d343464652d393835372d3937363130653563366437344861666533396637612d633265302d346432322d626462622d6335666636613766373565614830343931653461382d613364312d346134342d393939652d3465353561643236626332351c42656e636820436c69656e74203032636c69656e742e304062656e63682e6578616d706c652e696e021c2b3931203938303030303030303000324f6e652d746f2d6f6e65206361726565722073657373696f6e80e4d1c6c06880c1adc8c0683ce0a71206494e5200000002fae6bbf6bf680200023868747470733a2f2f7a6f6f6d2e75732f6a2f3132333435363738393018417369612f4b6f6c6b61746100' FROM same_key_appenders_wait;
RELEASE SAVEPOINT SAVEPOINT_1;
UPDATE idempotency_key SET response_status = 201, response_body = E'{"sessionId"\x3a"afe39f7a-c2e0-4d22-bdbb-c5ff6a7f75ea","status"\x3a"PENDING","paymentStatus"\x3a"PENDING","type"\x3a"PERSONAL","title"\x3a"One-to-one career session","start"\x3a"2026-11-22T18\x3a00\x3a00Z","end"\x3a"2026-11-22T18\x3a30\x3a00Z","durationMinutes"\x3a30,"amount"\x3a1500.00,"currency"\x3a"INR","holdExpiresAt"\x3a"2026-11-21T18\x3a38\x3a53.885111Z","consultantTimeZone"\x3a"Asia/Kolkata"}'
WHERE scope = 'public-booking:' || :consultant AND idempotency_key = 'b0000000-0000-4000-8000-' || lpad(:idx, 12, '0');
COMMIT;
