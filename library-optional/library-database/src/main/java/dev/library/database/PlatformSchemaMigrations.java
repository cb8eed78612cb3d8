package dev.library.database;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the platform's own tables ({@code library_*}) with Flyway, over a JDBC
 * connection of its own: scripts under {@code classpath:db/library/postgresql}, history
 * in {@code library_schema_history}, so an application's own Flyway migrations in the
 * same database are not disturbed. Running it again applies nothing.
 *
 * @author Library
 */
public final class PlatformSchemaMigrations {

	private static final Log logger = LogFactory.getLog(PlatformSchemaMigrations.class);

	static final String LOCATION = "classpath:db/library/postgresql";

	static final String HISTORY_TABLE = "library_schema_history";

	private PlatformSchemaMigrations() {
	}

	/**
	 * Apply the migrations not applied yet.
	 * @param endpoint the database
	 * @return the number of migrations applied
	 * @throws org.flywaydb.core.api.FlywayException if a migration fails
	 */
	public static int migrate(PostgresEndpoint endpoint) {
		Flyway flyway = Flyway.configure(PlatformSchemaMigrations.class.getClassLoader())
			.dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.loginPassword())
			.locations(LOCATION)
			.table(HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load();
		MigrateResult result = flyway.migrate();
		if (result.migrationsExecuted > 0) {
			logger.info("Migrated the platform tables in " + endpoint.describe() + " to version "
					+ result.targetSchemaVersion);
		}
		return result.migrationsExecuted;
	}

}
