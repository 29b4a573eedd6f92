--liquibase formatted sql

--changeset booking:005-slug-since
-- When the replica's holder got its slug (the occurredAt of identity's event): an older claim on the slug, such as a
-- replayed or stale ConsultantProfileUpdated of a consultant who has since moved on, must not clear a newer holder.
ALTER TABLE consultant_profile ADD COLUMN slug_since TIMESTAMPTZ;

--changeset booking:005-retired-slug
-- Slugs a consultant left, so that the old public page address redirects to the new one for a while.
CREATE TABLE retired_slug (
    slug VARCHAR(100) PRIMARY KEY,
    consultant_id UUID NOT NULL,
    retired_at TIMESTAMPTZ NOT NULL
);
