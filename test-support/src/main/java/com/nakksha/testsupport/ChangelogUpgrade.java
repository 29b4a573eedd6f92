package com.nakksha.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.nakksha.testsupport.TestInfrastructure.DatabaseAccess;
import liquibase.integration.spring.SpringLiquibase;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Runs Liquibase changelogs against a schema as a deployment does: a changelog as databases once ran it, then
 * today's, to show that a database created by the earlier one upgrades without a changeset failing its checksum
 * or running twice (issue 7: changesets that have run are not migrated).
 */
public final class ChangelogUpgrade {

    private ChangelogUpgrade() {
    }

    /**
     * Updates the schema with a changelog through Spring's {@link SpringLiquibase}, the runner the services start with.
     *
     * @param changelog a classpath location
     * @return the ids of every changeset the schema has run, in the order they ran
     * @throws IllegalStateException when Liquibase refuses or fails the update (a checksum that no longer validates,
     *                               a changeset whose SQL fails)
     */
    public static List<String> update(DatabaseAccess database, String changelog) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog("classpath:" + changelog);
        liquibase.setDefaultSchema(database.schema());
        liquibase.setResourceLoader(new DefaultResourceLoader());
        try {
            liquibase.afterPropertiesSet();
        } catch (Exception refused) {
            throw new IllegalStateException("Liquibase could not update " + database.schema() + " with " + changelog, refused);
        }
        try (Connection connection = dataSource.getConnection();
             ResultSet ran = connection.createStatement().executeQuery(
                     "SELECT id FROM " + database.schema() + ".databasechangelog ORDER BY orderexecuted")) {
            List<String> ids = new ArrayList<>();
            while (ran.next()) {
                ids.add(ran.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + database.schema() + ".databasechangelog", e);
        }
    }
}
