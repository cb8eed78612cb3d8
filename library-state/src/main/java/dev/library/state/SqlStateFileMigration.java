package dev.library.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;

/**
 * Moves the state and event log of a data directory written by an earlier version of
 * Library, as the H2 SQL database {@code state.mv.db} (schema 1), into the store file of
 * {@link EmbeddedStatePersistence}.
 * <p>
 * The new file is written under a temporary name and closed; then the old file is renamed
 * to {@code state.mv.db.migrated}, where it stays as it was (it is opened read-only), and
 * the new file takes its name. Each step leaves a directory from which the next start
 * finishes the migration or starts it again: a half-written temporary file is written
 * anew, and a complete one whose old file was already renamed is put in place. H2's SQL
 * engine is loaded only here, so only the first start after an upgrade pays for it.
 *
 * @author Library
 */
final class SqlStateFileMigration {

	private static final Log logger = LogFactory.getLog(SqlStateFileMigration.class);

	static final String SQL_FILE_NAME = "state.mv.db";

	static final String MIGRATED_SUFFIX = ".migrated";

	private static final String PARTIAL_SUFFIX = ".migrating";

	private static final long SQL_SCHEMA_VERSION = 1;

	private static final int ROWS_PER_COMMIT = 10_000;

	private final Path directory;

	private final Path target;

	private final Path sqlFile;

	private final Path partial;

	SqlStateFileMigration(Path directory, Path target) {
		this.directory = directory;
		this.target = target;
		this.sqlFile = directory.resolve(SQL_FILE_NAME);
		this.partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
	}

	/**
	 * Migrate the SQL file if the directory holds one and no store file yet, or finish a
	 * migration that a crash interrupted.
	 * @throws StatePersistenceException if the SQL file cannot be read or the store file
	 * not written; the SQL file is left as it was
	 */
	void migrateIfPresent() {
		boolean sqlFilePresent = Files.exists(this.sqlFile);
		if (Files.exists(this.target)) {
			if (sqlFilePresent) {
				logger.warn("The state data directory " + this.directory + " holds both " + this.target.getFileName()
						+ ", which is used, and an H2 SQL state file " + SQL_FILE_NAME + " of an earlier version, "
						+ "which is not read: move " + SQL_FILE_NAME + " away, or remove " + this.target.getFileName()
						+ " to migrate " + SQL_FILE_NAME + " again");
			}
			return;
		}
		try {
			if (sqlFilePresent) {
				Files.deleteIfExists(this.partial);
				Counts counts = copyInto(this.partial);
				Files.move(this.sqlFile, this.sqlFile.resolveSibling(SQL_FILE_NAME + MIGRATED_SUFFIX),
						StandardCopyOption.ATOMIC_MOVE);
				Files.move(this.partial, this.target, StandardCopyOption.ATOMIC_MOVE);
				logger.info("Migrated the state store in " + this.directory + " from the H2 SQL file " + SQL_FILE_NAME
						+ " to " + this.target.getFileName() + ": " + counts.keys() + " keys, " + counts.events()
						+ " events, last sequence " + counts.lastSequence() + "; the old file is kept as "
						+ SQL_FILE_NAME + MIGRATED_SUFFIX);
			}
			else if (Files.exists(this.partial)) {
				Files.move(this.partial, this.target, StandardCopyOption.ATOMIC_MOVE);
				logger
					.info("Finished the migration of the state store in " + this.directory + " from " + SQL_FILE_NAME);
			}
		}
		catch (IOException ex) {
			throw new StatePersistenceException("Cannot migrate the state store in " + this.directory + " from "
					+ SQL_FILE_NAME + ": " + ex.getMessage(), ex);
		}
	}

	private Counts copyInto(Path file) {
		if (this.directory.toString().contains(";")) {
			throw new StatePersistenceException("The H2 SQL state file in " + this.directory
					+ " cannot be migrated: the directory's path contains ';'");
		}
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:" + this.directory.resolve("state")
				+ ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r;DB_CLOSE_ON_EXIT=FALSE");
		dataSource.setUser("sa");
		dataSource.setPassword("");
		EmbeddedStatePersistence.StoreMaps maps = EmbeddedStatePersistence.StoreMaps.open(file, true);
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			long schemaVersion = meta(statement, "schema_version");
			if (schemaVersion != SQL_SCHEMA_VERSION) {
				throw new StatePersistenceException("The H2 SQL state file " + this.sqlFile + " has schema "
						+ schemaVersion + "; this version of Library migrates schema " + SQL_SCHEMA_VERSION);
			}
			long keys = copyEntries(statement, maps);
			long events = copyEvents(statement, maps);
			long lastSequence = meta(statement, "last_sequence");
			maps.meta().put(EmbeddedStatePersistence.LAST_SEQUENCE_KEY, lastSequence);
			maps.store().commit();
			maps.store().sync();
			maps.store().close();
			return new Counts(keys, events, lastSequence);
		}
		catch (SQLException | RuntimeException ex) {
			maps.store().closeImmediately();
			if (ex instanceof StatePersistenceException persistenceException) {
				throw persistenceException;
			}
			throw new StatePersistenceException(
					"Cannot migrate the H2 SQL state file " + this.sqlFile + ": " + ex.getMessage(), ex);
		}
	}

	private static long copyEntries(Statement statement, EmbeddedStatePersistence.StoreMaps maps) throws SQLException {
		long keys = 0;
		try (ResultSet result = statement.executeQuery("SELECT state_key, version, sequence, deleted, value_json, "
				+ "ts_epoch_nanos, source, quality FROM state_entry")) {
			while (result.next()) {
				maps.entries()
					.put(result.getString(1),
							EmbeddedStateRecords.entry(result.getLong(2), result.getLong(3), result.getBoolean(4),
									result.getLong(6), result.getString(7), result.getString(8),
									utf8(result.getString(5))));
				keys++;
				commitEvery(keys, maps);
			}
		}
		return keys;
	}

	private static long copyEvents(Statement statement, EmbeddedStatePersistence.StoreMaps maps) throws SQLException {
		long events = 0;
		try (ResultSet result = statement.executeQuery("SELECT sequence, state_key, change_type, version, "
				+ "ts_epoch_nanos, source, quality, value_json, created FROM state_event ORDER BY sequence")) {
			while (result.next()) {
				long sequence = result.getLong(1);
				String key = result.getString(2);
				maps.events()
					.put(sequence,
							EmbeddedStateRecords.event(key, result.getString(3), result.getLong(4), result.getLong(5),
									result.getString(6), result.getString(7), result.getBoolean(9),
									utf8(result.getString(8))));
				maps.eventsByKey().put(EmbeddedStatePersistence.EventKeyIndex.of(key, sequence), sequence);
				events++;
				commitEvery(events, maps);
			}
		}
		return events;
	}

	/**
	 * Commit now and then, so that a large log is not held in memory as unsaved pages.
	 */
	private static void commitEvery(long rows, EmbeddedStatePersistence.StoreMaps maps) {
		if (rows % ROWS_PER_COMMIT == 0) {
			maps.store().commit();
		}
	}

	private static long meta(Statement statement, String name) throws SQLException {
		try (ResultSet result = statement.executeQuery("SELECT num FROM state_meta WHERE name = '" + name + "'")) {
			if (!result.next()) {
				throw new StatePersistenceException("The H2 SQL state file has no " + name);
			}
			return result.getLong(1);
		}
	}

	private static byte @Nullable [] utf8(@Nullable String json) {
		return (json != null) ? json.getBytes(StandardCharsets.UTF_8) : null;
	}

	private record Counts(long keys, long events, long lastSequence) {

	}

}
