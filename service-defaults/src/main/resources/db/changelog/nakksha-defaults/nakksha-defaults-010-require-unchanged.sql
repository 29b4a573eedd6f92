--liquibase formatted sql

--changeset nakksha:nakksha-defaults-010-require-unchanged splitStatements:false
--comment: A transaction that acted on rows read before it began, or from a cache, checks them at its commit.
-- CommitWrites.Write.unchanged runs it in the statement that writes the transaction's deferred rows: false or null
-- fails that statement, and so the commit, with SQLSTATE NK001 and a message that names what was read, which
-- CommitWrites turns into ChangedSinceReadException. NK is a class no PostgreSQL error uses (Appendix A).
CREATE FUNCTION require_unchanged(p_unchanged boolean, p_what text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF p_unchanged IS NOT TRUE THEN
        RAISE EXCEPTION '% changed since it was read', p_what USING ERRCODE = 'NK001';
    END IF;
    RETURN true;
END
$$;
