package com.nakksha.local.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives one service its login role and the schema of the same name, owned by that role and closed to
 * every other role. Runs as a superuser on the platform database; running it again changes nothing
 * but the password. The platform's implementation is service-defaults' DatabaseProvisioner, which the
 * test infrastructure uses too, so tests and the local stack provision alike.
 */
public interface SchemaProvisioner {

    void provision(Connection superuser, String schema, String password) throws SQLException;
}
