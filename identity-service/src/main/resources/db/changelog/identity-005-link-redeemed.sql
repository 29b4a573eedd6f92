--liquibase formatted sql

--changeset identity-service:identity-005-link-redeemed
-- When a link was redeemed, as opposed to used_at, which a newer link of the same purpose also sets on the links it
-- replaces. An email verification link presented again after it was redeemed (a retry whose answer was lost, a mail
-- client that pre-fetched it, a double click; RFC 9110 §9.2.2) is answered as the first time while it is still
-- within its validity and the email is verified; a replaced link never was redeemed and stays refused. Existing
-- rows: a replaced link's used_at is the created_at of the link that replaced it (AccountLinks.issue), so every
-- other used link was redeemed.
ALTER TABLE account_link_token ADD COLUMN redeemed_at TIMESTAMPTZ;
UPDATE account_link_token link SET redeemed_at = link.used_at
WHERE link.used_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM account_link_token newer
                  WHERE newer.consultant_id = link.consultant_id AND newer.purpose = link.purpose
                    AND newer.created_at = link.used_at);
