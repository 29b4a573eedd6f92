--liquibase formatted sql

--changeset nakksha:inbox-001-handled-at-index logicalFilePath:db/changelog/nakksha-defaults.yaml
--validCheckSum: 9:b0353db6ebb099c2a1b6dad7a4c35700
--comment: The retention purge deletes by age; without this index every purge scans the whole inbox.
-- Written as YAML first; the checksum above is that form's, so databases that ran it stay valid.
CREATE INDEX inbox_event_handled_at_idx ON inbox_event (handled_at);
