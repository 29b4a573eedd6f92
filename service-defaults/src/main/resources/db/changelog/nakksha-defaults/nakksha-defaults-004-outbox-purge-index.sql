--liquibase formatted sql

--changeset nakksha:nakksha-defaults-004-outbox-purge-index logicalFilePath:db/changelog/nakksha-defaults.yaml
--validCheckSum: 9:f77e67d117c9fcbf30f8fb9ba76d354c
--comment: The relay deletes published rows older than the retention; without this index every purge scans the table.
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE INDEX outbox_event_published_at_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL;
