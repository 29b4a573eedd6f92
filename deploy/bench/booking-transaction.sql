-- The SQL of one public booking (POST /api/v1/public/consultants/{slug}/bookings) as booking-service runs it once
-- it has booked for the consultant before: the statements' text from its repositories, in the order SessionBooking
-- runs them, everything from BEGIN READ WRITE to COMMIT: 5 statements (18 before issue 15's round-trip cut: no
-- savepoint, the time checked, the schedule lock tried, the expired holds locked, the live holds counted and the
-- time checked again under the lock in one call of booking-008's lock_schedule_for_public_booking, the client's
-- totals in its upsert, the Idempotency-Key claimed with its answer at commit instead of claimed first and answered
-- last; the session, its manage link, both outbox rows and the claim in one statement at commit: service-defaults'
-- CommitWrites; the page's profile and the consultant's availability as read for an earlier booking, both required
-- unchanged in that statement: CommitWrites.Write.unchanged, nakksha-defaults-010's require_unchanged). A first
-- booking for a consultant, or one after its profile or availability changed, reads them first (two statements
-- more). The outbox's VALUES list has one row per event the transaction appended, so its text is that of a
-- booking raising two (a new client's ClientCreated and SessionBooked). Each run of booking-throughput.sh captures a
-- booking (log_statement = 'all' on the launcher's Postgres, see README.md), after one unlogged booking for the same
-- consultant, and compares the order of its statements.
-- Values the service computes (ids, times, hashes, totals, the response, Avro payloads of the two outbox events) are
-- made here: ids and the slot from a per-client counter, times from now(), payloads and the response copied
-- from the captured booking of 2026-12-01 (same sizes: ClientCreated 187 bytes, SessionBooked 613 bytes, the response
-- 642 characters). The manage link's hash and its client address are made from the counter too: every booking comes
-- from an address of its own, as every gateway booking does (BookingLoad.java's X-Forwarded-For). The live-hold
-- count's caps are booking's defaults (per consultant 20, per client address 5, per email 3), as in
-- booking-throughput.sh, whose settle_payments keeps the consultants' unpaid bookings few for pgbench's too.
--
-- Needs -M prepared (or extended), so that variables are bound as parameters as the service binds them
--   pgbench -n -M prepared -f deploy/bench/booking-transaction.sql -D slugs='{SLUG,...}' -D consultants='{ID,...}'
--           -D profile_versions='{XMIN,...}' -D rules_versions='{XMIN,...}' -D nconsultants=N
--           -D run=1 -D nclients=CLIENTS -D n=0 -c CLIENTS -j 2 -T SECONDS nakksha   (as role booking)
-- Booking idx goes to consultant idx % N of the lists, as the gateway's booking k goes to consultant k % N; the
-- lists hold each consultant's slug, id and the xmin of its consultant_profile and availability rows, which the
-- service keeps from its earlier read (booking-throughput.sh reads them before pgbench starts). pgbench cannot keep
-- a string in a variable without a query, so each statement picks the consultant from the lists itself.
-- n counts each client's own transactions (pgbench keeps a client's variables between transactions), so idx,
-- and with it every slot, id, key and email, is distinct within a run; runs differ by the run number.
-- Slots start at 2100-01-01 UTC, 30 minutes apart, far from the slots booked through the gateway.
-- The response body spells its colons as \x3a in an E'' literal: pgbench takes a colon before digits for a variable.
-- pgbench cannot try the schedule lock again while another client holds it, as the service does until it gets it
-- (a busy attempt returns at once, without the counts); so the lock function's first argument takes the lock,
-- waiting for it, before the function runs (its own try then finds the lock held by this transaction), and every
-- transaction does the work of a booking the service commits. The statement's first words stay the captured ones.
\set n :n + 1
\set idx :run * 10000000 + :n * :nclients + :client_id
\set start 4102444800 + :idx * 1800
\set finish :start + 1800
\set pick 1 + :idx % :nconsultants

BEGIN READ WRITE;
SELECT * FROM lock_schedule_for_public_booking((:consultants::uuid[])[:pick],
    to_timestamp(:start) + length(pg_advisory_xact_lock(hashtext('booking_schedule'), hashtext((:consultants::text[])[:pick]))::text) * interval '0 s',
    to_timestamp(:finish), now(), 'client.' || :idx || '@pgbench.example.in', host('10.0.0.0'::inet + :idx), 20, 3, 5);
INSERT INTO client (id, consultant_id, name, email, phone_country_code, phone_number, address, city,
    state, country, active, total_sessions, total_paid_minor, currency, created_at, updated_at)
VALUES (('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, (:consultants::uuid[])[:pick], 'Bench Client ' || :idx,
    'client.' || :idx || '@pgbench.example.in', '+91', '9800000000', NULL, NULL, NULL,
    NULL, true, 1, 0, 'INR', now(), now())
ON CONFLICT (consultant_id, lower(email)) DO UPDATE
    SET total_sessions = client.total_sessions + EXCLUDED.total_sessions,
        total_paid_minor = client.total_paid_minor + EXCLUDED.total_paid_minor
RETURNING *, xmax = 0 AS inserted;
WITH w0 AS (SELECT require_unchanged(((SELECT consultant_id = (:consultants::uuid[])[:pick]
        AND xmin::text::bigint = (:profile_versions::bigint[])[:pick] FROM consultant_profile
    WHERE slug = (:slugs::text[])[:pick] ORDER BY slug_since DESC NULLS LAST, updated_at DESC LIMIT 1) IS TRUE),
    'the profile of page ' || (:slugs::text[])[:pick])),
w1 AS (SELECT require_unchanged(((SELECT xmin::text::bigint FROM availability
    WHERE consultant_id = (:consultants::uuid[])[:pick]) IS NOT DISTINCT FROM (:rules_versions::bigint[])[:pick]),
    'the availability of consultant ' || (:consultants::uuid[])[:pick])),
w2 AS (WITH appended (n, event_id, topic, message_key, event_type, payload, traceparent, tracestate) AS (
    VALUES (0, ('e0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'booking.client'::varchar,
        ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::varchar, 'com.nakksha.events.ClientCreated'::varchar,
        '\xc30145fcfbe2aadb96a64834356430306639392d343334662d346663612d613237322d363865303561363337353339b29ed291c6684833303734393537312d303864392d346232612d616635642d3633326365373035363030344865663261393436362d613434352d343161342d393536372d6364383231653264613962621c42656e636820436c69656e74203032636c69656e742e304062656e63682e6578616d706c652e696e021c2b39312039383030303030303030000000'::bytea, '00-05599660eabb3228a71d1bea2dfbe5be-afb5a42143af1a8f-00'::varchar, NULL::varchar),
    (1, ('e1000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'booking.session'::varchar,
        ('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::varchar, 'com.nakksha.events.SessionBooked'::varchar,
        '\xc301a43281a6b1cc70594865306534373364392d333962632d343833302d383062662d3237356535333638616165319c9ed291c6684833303734393537312d303864392d346232612d616635642d3633326365373035363030344832626663666165642d323634342d346664362d623038642d3864653162336131363964344865663261393436362d613434352d343161342d393536372d6364383231653264613962621c42656e636820436c69656e74203032636c69656e742e304062656e63682e6578616d706c652e696e021c2b3931203938303030303030303000324f6e652d746f2d6f6e65206361726565722073657373696f6e80f492e3c66880d1eee4c6683ce0a71206494e52000000029c92c198c6680200023868747470733a2f2f7a6f6f6d2e75732f6a2f3132333435363738393018417369612f4b6f6c6b61746100028001373337636366643431373339373366303666376436613364666366656161313133393134663330643937626434316630353234326564623236313237666164620002d60176312e6c61756e636865722e2d2d5f4143536f5a46596b6a415f6d79596e3039456c6e32687a416f7131554c763266505434434e4264653054425f516672467156674670396d2d4e4853585750586e6c31664b4b654b386f4150476e7532725178576c4e4635375461755102d60176312e6c61756e636865722e764c416375365a36465f544a4758674d41302d522d62667655342d47573649336b794f575a7373375933374f3573646f68544e6d436665586e4339715037317935494d69745354474141693532515747524534575f455f6f326358656d434900'::bytea, '00-05599660eabb3228a71d1bea2dfbe5be-afb5a42143af1a8f-00'::varchar, NULL::varchar)),
same_key_writers_wait AS (
    SELECT pg_advisory_xact_lock(hashtext(current_schema()), h)
    FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(ARRAY['booking.client/' || ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0')),
        'booking.session/' || ('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))]::text[]) AS k) AS keys
    ORDER BY h),
locked AS (SELECT count(*) AS keys, pg_current_xact_id() AS xid FROM same_key_writers_wait)
INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, traceparent, tracestate)
SELECT event_id, topic, message_key, event_type, payload, traceparent, tracestate
FROM appended CROSS JOIN locked WHERE locked.xid IS NOT NULL ORDER BY n),
w3 AS (INSERT INTO session (id, consultant_id, client_id, session_type, source, title, starts_at,
    duration_minutes, buffer_before_minutes, buffer_after_minutes, blocked, amount_minor, currency,
    platform, meeting_link, notes, consultant_notes, status, payment_status, payment_method,
    payment_reference, hold_expires_at, cancellation_reason, webinar_occurrence_id, occupancy_key,
    created_at, updated_at)
VALUES (('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, (:consultants::uuid[])[:pick],
    ('c0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, 'PERSONAL', 'PUBLIC', 'One-to-one career session',
    to_timestamp(:start), 30, 0, 0, tstzrange(to_timestamp(:start), to_timestamp(:finish), '[)'), 150000, 'INR',
    'ZOOM', NULL, NULL, NULL, 'PENDING', 'PENDING', NULL,
    NULL, now() + interval '2 hours', NULL, NULL, ('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid,
    now(), now())),
w4 AS (INSERT INTO session_manage_link (session_id, token_hash, client_time_zone, client_address, created_at)
VALUES (('a0000000-0000-4000-8000-' || lpad(:idx, 12, '0'))::uuid, md5('link' || :run || '/' || :idx) || md5('hash' || :run || '/' || :idx), NULL, host('10.0.0.0'::inet + :idx), now())),
w5 AS (INSERT INTO idempotency_key (scope, idempotency_key, request_hash, created_at, response_status, response_body)
VALUES ('public-booking:' || (:consultants::uuid[])[:pick], 'b0000000-0000-4000-8000-' || lpad(:idx, 12, '0'),
        '23cb9055573d87d7df0ded24903012b62a37ef63f438daea8d30893fedccb94b', now(), 201, E'{"sessionId"\x3a"2bfcfaed-2644-4fd6-b08d-8de1b3a169d4","status"\x3a"PENDING","paymentStatus"\x3a"PENDING","type"\x3a"PERSONAL","title"\x3a"One-to-one career session","start"\x3a"2026-12-02T10\x3a00\x3a00Z","end"\x3a"2026-12-02T10\x3a30\x3a00Z","durationMinutes"\x3a30,"amount"\x3a1500.00,"currency"\x3a"INR","holdExpiresAt"\x3a"2026-12-01T12\x3a15\x3a35.566498Z","consultantTimeZone"\x3a"Asia/Kolkata","payableId"\x3a"2bfcfaed-2644-4fd6-b08d-8de1b3a169d4","paymentCapability"\x3a"BenIHU4UtQvt4HSfad17Qjus2zrP7U0QIQ44YAgyiK8","manageToken"\x3a"nFhWavFldS8ykk1uVl0X4VWt39lquu8nXassn4ow_b4","managePath"\x3a"/api/v1/public/bookings/nFhWavFldS8ykk1uVl0X4VWt39lquu8nXassn4ow_b4","awaitingEmailConfirmation"\x3afalse}'))
SELECT 1 FROM w0, w1;
COMMIT;
