--liquibase formatted sql

--changeset identity-service:identity-003-login-link
-- Sign-in links (issue 14): the step-up at the account-wide failed-login limit mails a single-use link that
-- signs the owner in; it is an account_link_token of its own purpose.
ALTER TABLE account_link_token DROP CONSTRAINT account_link_token_purpose_check;
ALTER TABLE account_link_token ADD CONSTRAINT account_link_token_purpose_check
    CHECK (purpose IN ('EMAIL_VERIFICATION', 'PASSWORD_RESET', 'LOGIN_LINK'));
