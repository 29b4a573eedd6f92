--liquibase formatted sql

--changeset booking:001-consultant-profile
-- Replica of the public side of identity's consultants, built from identity.consultant events.
CREATE TABLE consultant_profile (
    consultant_id UUID PRIMARY KEY,
    slug VARCHAR(100),
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    consultancy_sector VARCHAR(200),
    description TEXT,
    experience_months INT,
    personal_session_title VARCHAR(200),
    personal_session_price_minor BIGINT,
    webinar_session_title VARCHAR(200),
    webinar_session_price_minor BIGINT,
    currency CHAR(3) NOT NULL DEFAULT 'INR',
    profile_photo_url VARCHAR(500),
    instagram_url VARCHAR(500),
    linkedin_url VARCHAR(500),
    twitter_url VARCHAR(500),
    time_zone VARCHAR(64),
    profile_version BIGINT NOT NULL DEFAULT -1,
    approval VARCHAR(20) NOT NULL DEFAULT 'PENDING_APPROVAL',
    updated_at TIMESTAMPTZ NOT NULL
);
-- Not unique: identity guarantees uniqueness, and events of two consultants trading a slug may arrive in either order.
CREATE INDEX consultant_profile_slug_idx ON consultant_profile (slug);

--changeset booking:001-availability
CREATE TABLE availability (
    consultant_id UUID PRIMARY KEY,
    rules JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

--changeset booking:001-client
CREATE TABLE client (
    id UUID PRIMARY KEY,
    consultant_id UUID NOT NULL,
    name VARCHAR(200) NOT NULL,
    email VARCHAR(255) NOT NULL,
    phone_country_code VARCHAR(5),
    phone_number VARCHAR(20),
    address VARCHAR(500),
    city VARCHAR(100),
    state VARCHAR(100),
    country VARCHAR(100),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    total_sessions INT NOT NULL DEFAULT 0,
    total_paid_minor BIGINT NOT NULL DEFAULT 0,
    currency CHAR(3) NOT NULL DEFAULT 'INR',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX client_email_per_consultant_uq ON client (consultant_id, lower(email));
CREATE INDEX client_consultant_created_idx ON client (consultant_id, created_at);

--changeset booking:001-session
CREATE TABLE webinar_occurrence (
    id UUID PRIMARY KEY,
    consultant_id UUID NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    duration_minutes INT NOT NULL,
    seats INT NOT NULL CHECK (seats > 0),
    seats_taken INT NOT NULL CHECK (seats_taken >= 0 AND seats_taken <= seats),
    CONSTRAINT webinar_occurrence_uq UNIQUE (consultant_id, starts_at, duration_minutes)
);

CREATE TABLE session (
    id UUID PRIMARY KEY,
    consultant_id UUID NOT NULL,
    client_id UUID NOT NULL REFERENCES client (id),
    session_type VARCHAR(10) NOT NULL CHECK (session_type IN ('PERSONAL', 'WEBINAR')),
    source VARCHAR(10) NOT NULL CHECK (source IN ('PUBLIC', 'MANUAL')),
    title VARCHAR(300) NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    duration_minutes INT NOT NULL CHECK (duration_minutes > 0),
    buffer_before_minutes INT NOT NULL CHECK (buffer_before_minutes >= 0),
    buffer_after_minutes INT NOT NULL CHECK (buffer_after_minutes >= 0),
    -- The session's time plus its buffers, as the exclusion constraint compares it.
    blocked TSTZRANGE NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency CHAR(3) NOT NULL,
    platform VARCHAR(10) NOT NULL CHECK (platform IN ('ZOOM', 'MEET', 'TEAMS')),
    meeting_link VARCHAR(500),
    notes TEXT,
    consultant_notes TEXT,
    status VARCHAR(12) NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW', 'ABANDONED')),
    payment_status VARCHAR(10) NOT NULL CHECK (payment_status IN ('PENDING', 'PAID', 'FAILED', 'REFUNDED')),
    payment_method VARCHAR(15) CHECK (payment_method IN ('CASH', 'UPI', 'BANK_TRANSFER', 'RAZORPAY')),
    payment_reference VARCHAR(100),
    hold_expires_at TIMESTAMPTZ,
    cancellation_reason VARCHAR(500),
    webinar_occurrence_id UUID REFERENCES webinar_occurrence (id),
    -- A personal session's own id; the occurrence id for a webinar seat, so seats of one webinar share their time.
    occupancy_key UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_webinar_has_occurrence CHECK ((session_type = 'WEBINAR') = (webinar_occurrence_id IS NOT NULL)),
    -- No double booking: two live sessions of one consultant never share a moment, buffers included,
    -- unless they are seats of the same webinar occurrence.
    CONSTRAINT session_no_double_booking EXCLUDE USING gist (
        consultant_id WITH =,
        blocked WITH &&,
        occupancy_key WITH <>
    ) WHERE (status IN ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW'))
);
CREATE INDEX session_consultant_start_idx ON session (consultant_id, starts_at);
CREATE INDEX session_client_idx ON session (client_id);
CREATE INDEX session_pending_hold_idx ON session (hold_expires_at) WHERE status = 'PENDING' AND hold_expires_at IS NOT NULL;

CREATE TABLE session_reschedule (
    id BIGSERIAL PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES session (id),
    previous_starts_at TIMESTAMPTZ NOT NULL,
    previous_duration_minutes INT NOT NULL,
    new_starts_at TIMESTAMPTZ NOT NULL,
    new_duration_minutes INT NOT NULL,
    reason VARCHAR(500),
    rescheduled_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX session_reschedule_session_idx ON session_reschedule (session_id);

--changeset booking:001-public-booking-request
-- Idempotency-Key of public bookings: the first successful response is replayed for the same key and body.
CREATE TABLE public_booking_request (
    consultant_id UUID NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash CHAR(64) NOT NULL,
    response_body TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consultant_id, idempotency_key)
);
