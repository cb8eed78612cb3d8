package dev.library.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.library.state.EmbeddedStatePersistenceTests.T0;
import static dev.library.state.EmbeddedStatePersistenceTests.delete;
import static dev.library.state.EmbeddedStatePersistenceTests.json;
import static dev.library.state.EmbeddedStatePersistenceTests.mapper;
import static dev.library.state.EmbeddedStatePersistenceTests.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SqlStateFileMigration}: data directories written by the H2 SQL store
 * of Library 0.1 (schema 1), made here with the tables that version created.
 *
 * @author Library
 */
class SqlStateFileMigrationTests {

	private static final List<StateChange> CHANGES = List.of(put(1, "plant.tank1.level", 1, "{\"value\":1.5}"),
			put(2, "plant.pump1.running", 1, "true"), delete(3, "plant.pump1.running", 2),
			new StateChange(4, StateChange.Type.PUT, "plant.tank1.level", 2, T0.plusNanos(4), "adapter-1",
					Quality.UNCERTAIN, json("2.5"), false));

	@TempDir
	Path dataDir;

	@Test
	void sqlFileShouldBeMigratedWithItsStateAndEventsAndKeptUnderAnotherName() throws Exception {
		writeSqlFile(this.dataDir, CHANGES, 1);
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		StateSnapshot snapshot = persistence.open();
		try {
			assertMigrated(snapshot, persistence);
			persistence.commit(List.of(put(5, "plant.pump1.running", 3, "false")));
		}
		finally {
			persistence.close();
		}
		assertThat(this.dataDir.resolve("state.mv.db")).doesNotExist();
		assertThat(this.dataDir.resolve("state.mv.db.migrated")).exists();
		assertThat(this.dataDir.resolve("state.store.migrating")).doesNotExist();
		EmbeddedStatePersistence reopened = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		try {
			assertThat(reopened.open().lastSequence()).isEqualTo(5);
			assertThat(reopened.readEvents(null, "", null, null, 0, 10)).hasSize(5);
		}
		finally {
			reopened.close();
		}
	}

	@Test
	void migrationCutShortWhileWritingShouldBeStartedAgain() throws Exception {
		writeSqlFile(this.dataDir, CHANGES, 1);
		Files.writeString(this.dataDir.resolve("state.store.migrating"), "half a file");
		assertOpensMigrated();
	}

	@Test
	void migrationCutShortAfterTheOldFileWasRenamedShouldBeFinished() throws Exception {
		writeSqlFile(this.dataDir, CHANGES, 1);
		EmbeddedStatePersistence migrated = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		migrated.open();
		migrated.close();
		// as if the platform stopped between the two renames: move the new file back
		Files.move(this.dataDir.resolve("state.store"), this.dataDir.resolve("state.store.migrating"));
		assertOpensMigrated();
	}

	@Test
	void sqlFileBesideAStoreFileShouldBeLeftAlone() throws Exception {
		EmbeddedStatePersistence first = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		first.open();
		first.commit(List.of(put(1, "a", 1, "1")));
		first.close();
		writeSqlFile(this.dataDir, CHANGES, 1);
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		try {
			assertThat(persistence.open().lastSequence()).isEqualTo(1);
		}
		finally {
			persistence.close();
		}
		assertThat(this.dataDir.resolve("state.mv.db")).exists();
	}

	@Test
	void sqlFileOfAnUnknownSchemaShouldBeRefusedAndLeftAsItWas() throws Exception {
		writeSqlFile(this.dataDir, CHANGES, 7);
		byte[] sqlFile = Files.readAllBytes(this.dataDir.resolve("state.mv.db"));
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		assertThatExceptionOfType(StatePersistenceException.class).isThrownBy(persistence::open)
			.withMessageContaining("has schema 7; this version of Library migrates schema 1");
		assertThat(this.dataDir.resolve("state.mv.db")).hasBinaryContent(sqlFile);
		assertThat(this.dataDir.resolve("state.store")).doesNotExist();
		writeSqlFile(this.dataDir, List.of(), 1);
		persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		try {
			assertThat(persistence.open().lastSequence()).as("opened once the file is fixed").isEqualTo(4);
		}
		finally {
			persistence.close();
		}
	}

	private void assertOpensMigrated() {
		EmbeddedStatePersistence persistence = new EmbeddedStatePersistence(this.dataDir, mapper, true);
		try {
			assertMigrated(persistence.open(), persistence);
		}
		finally {
			persistence.close();
		}
	}

	private static void assertMigrated(StateSnapshot snapshot, EmbeddedStatePersistence persistence) {
		assertThat(snapshot.lastSequence()).isEqualTo(4);
		assertThat(snapshot.entries()).containsExactlyInAnyOrder(
				new StateSnapshot.Entry("plant.tank1.level", 2, new StateValue("plant.tank1.level", json("2.5"), 2,
						T0.plusNanos(4), "adapter-1", Quality.UNCERTAIN)),
				new StateSnapshot.Entry("plant.pump1.running", 2, null));
		assertThat(persistence.readEvents(null, "", null, null, 0, 10)).isEqualTo(CHANGES);
		assertThat(persistence.readEvents("plant.pump1.running", "", null, null, 0, 10)).hasSize(2);
	}

	/**
	 * Write the H2 SQL file as Library 0.1 did: its tables, one row per key and per
	 * change, and the last sequence.
	 */
	private static void writeSqlFile(Path dataDir, List<StateChange> changes, long schemaVersion) throws SQLException {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:" + dataDir.resolve("state"));
		dataSource.setUser("sa");
		dataSource.setPassword("");
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(
					"CREATE TABLE IF NOT EXISTS state_meta (name VARCHAR(64) PRIMARY KEY, " + "num BIGINT NOT NULL)");
			statement.execute("CREATE TABLE IF NOT EXISTS state_entry (state_key VARCHAR(256) PRIMARY KEY, "
					+ "version BIGINT NOT NULL, sequence BIGINT NOT NULL, deleted BOOLEAN NOT NULL, "
					+ "value_json CHARACTER VARYING, ts_epoch_nanos BIGINT NOT NULL, source VARCHAR(128) NOT NULL, "
					+ "quality VARCHAR(16))");
			statement.execute("CREATE TABLE IF NOT EXISTS state_event (sequence BIGINT PRIMARY KEY, "
					+ "state_key VARCHAR(256) NOT NULL, change_type VARCHAR(8) NOT NULL, version BIGINT NOT NULL, "
					+ "ts_epoch_nanos BIGINT NOT NULL, source VARCHAR(128) NOT NULL, quality VARCHAR(16), "
					+ "value_json CHARACTER VARYING, created BOOLEAN NOT NULL)");
			statement.execute("MERGE INTO state_meta KEY (name) VALUES ('schema_version', " + schemaVersion + ")");
			try (PreparedStatement event = connection
				.prepareStatement("INSERT INTO state_event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
					PreparedStatement entry = connection
						.prepareStatement("MERGE INTO state_entry KEY (state_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
				for (StateChange change : changes) {
					String json = (change.value() != null) ? mapper.writeValueAsString(change.value()) : null;
					String quality = (change.quality() != null) ? change.quality().name() : null;
					long nanos = EmbeddedStateRecords.epochNanos(change.timestamp());
					event.setLong(1, change.sequence());
					event.setString(2, change.key());
					event.setString(3, change.type().name());
					event.setLong(4, change.version());
					event.setLong(5, nanos);
					event.setString(6, change.source());
					event.setString(7, quality);
					event.setString(8, json);
					event.setBoolean(9, change.created());
					event.executeUpdate();
					entry.setString(1, change.key());
					entry.setLong(2, change.version());
					entry.setLong(3, change.sequence());
					entry.setBoolean(4, change.type() == StateChange.Type.DELETE);
					entry.setString(5, json);
					entry.setLong(6, nanos);
					entry.setString(7, change.source());
					entry.setString(8, quality);
					entry.executeUpdate();
				}
			}
			if (!changes.isEmpty()) {
				statement.execute("MERGE INTO state_meta KEY (name) VALUES ('last_sequence', "
						+ changes.get(changes.size() - 1).sequence() + ")");
			}
		}
	}

}
