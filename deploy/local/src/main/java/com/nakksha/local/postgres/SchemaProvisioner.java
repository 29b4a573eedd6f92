package com.nakksha.local.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Gives one service its login role and the schema of the same name, owned by that role and closed to
 * every other role. Runs as a superuser on the platform database; running it again changes nothing
 * but the password.
 */
public interface SchemaProvisioner {

    void provision(Connection superuser, String schema, String password) throws SQLException;
}
