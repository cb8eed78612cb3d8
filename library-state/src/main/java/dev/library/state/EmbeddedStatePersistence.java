package dev.library.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Keeps state and event log in an embedded H2 database file, {@code state.mv.db} in a
 * data directory: no server to run.
 * <p>
 * A commit is one H2 transaction: the changes are appended to the event log, the last
 * change of each key is written to the state table, and the last sequence is recorded. H2
 * writes each commit to the file before the commit returns ({@code WRITE_DELAY=0}), so a
 * committed change survives a crash of the process; with {@code fsync} on, the file is
 * also forced to the disk ({@code CHECKPOINT SYNC}), so it survives a power failure too.
 * <p>
 * The directory is locked ({@code state.lock}) while open: a second store, in this
 * process or another, cannot open it. H2 files are accessed through
 * {@code AsynchronousFileChannel}, so a reader thread interrupted by a cancelled request
 * cannot close the database under the writer.
 *
 * @author Library
 */
public class EmbeddedStatePersistence implements StatePersistence {

	private static final Log logger = LogFactory.getLog(EmbeddedStatePersistence.class);

	private static final int SCHEMA_VERSION = 1;

	private static final int RETENTION_CHUNK = 10_000;

	private static final String EVENT_COLUMNS = "sequence, state_key, change_type, version, ts_epoch_nanos, source, "
			+ "quality, value_json, created";

	private final Path directory;

	private final JsonMapper jsonMapper;

	private final boolean fsync;

	private @Nullable FileChannel lockChannel;

	private @Nullable Connection writeConnection;

	private @Nullable JdbcConnectionPool readPool;

	private @Nullable PreparedStatement insertEvent;

	private @Nullable PreparedStatement mergeState;

	private @Nullable PreparedStatement updateLastSequence;

	private @Nullable Statement sync;

	private volatile long lastSequence;

	/**
	 * Create a new instance.
	 * @param directory the data directory, created if missing
	 * @param jsonMapper writes and reads values
	 * @param fsync whether each commit is forced to the disk
	 */
	public EmbeddedStatePersistence(Path directory, JsonMapper jsonMapper, boolean fsync) {
		Assert.notNull(directory, "'directory' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.directory = directory.toAbsolutePath().normalize();
		this.jsonMapper = jsonMapper;
		this.fsync = fsync;
	}

	@Override
	public StateSnapshot open() {
		Assert.state(this.writeConnection == null, "Already open");
		if (this.directory.toString().contains(";")) {
			throw new StatePersistenceException(
					"State data directory " + this.directory + " cannot be used: its path contains ';'");
		}
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new StatePersistenceException(
					"Cannot create the state data directory " + this.directory + ": " + ex.getMessage(), ex);
		}
		lock();
		try {
			JdbcDataSource dataSource = new JdbcDataSource();
			dataSource
				.setURL("jdbc:h2:async:" + this.directory.resolve("state") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
			dataSource.setUser("sa");
			dataSource.setPassword("");
			Connection connection = dataSource.getConnection();
			this.writeConnection = connection;
			connection.setAutoCommit(false);
			createSchema(connection);
			this.insertEvent = connection
				.prepareStatement("INSERT INTO state_event (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
			this.mergeState = connection.prepareStatement("MERGE INTO state_entry (state_key, version, sequence, "
					+ "deleted, value_json, ts_epoch_nanos, source, quality) KEY (state_key) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
			this.updateLastSequence = connection
				.prepareStatement("UPDATE state_meta SET num = ? WHERE name = 'last_sequence'");
			this.sync = connection.createStatement();
			JdbcConnectionPool pool = JdbcConnectionPool.create(dataSource);
			pool.setMaxConnections(4);
			this.readPool = pool;
			StateSnapshot snapshot = load(connection);
			this.lastSequence = snapshot.lastSequence();
			logger.info("Opened state store in " + this.directory + ": " + snapshot.entries().size()
					+ " keys, last sequence " + snapshot.lastSequence());
			return snapshot;
		}
		catch (SQLException | RuntimeException ex) {
			close();
			if (ex instanceof StatePersistenceException persistenceException) {
				throw persistenceException;
			}
			throw new StatePersistenceException(
					"Cannot open the state database in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	private void lock() {
		Path lockFile = this.directory.resolve("state.lock");
		FileChannel channel = null;
		try {
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw new StatePersistenceException("State data directory " + this.directory
						+ " is in use by another process (" + lockFile + " is locked)");
			}
			this.lockChannel = channel;
		}
		catch (OverlappingFileLockException ex) {
			closeQuietly(channel);
			throw new StatePersistenceException("State data directory " + this.directory
					+ " is already open in this process: give each state store its own library.state.data-dir");
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new StatePersistenceException("Cannot lock " + lockFile + ": " + ex.getMessage(), ex);
		}
		catch (StatePersistenceException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	private static void createSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
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
			statement.execute("CREATE INDEX IF NOT EXISTS state_event_key ON state_event (state_key, sequence)");
			statement.execute("CREATE INDEX IF NOT EXISTS state_event_time ON state_event (ts_epoch_nanos)");
			statement.execute("INSERT INTO state_meta SELECT 'schema_version', " + SCHEMA_VERSION
					+ " WHERE NOT EXISTS (SELECT 1 FROM state_meta WHERE name = 'schema_version')");
			statement.execute("INSERT INTO state_meta SELECT 'last_sequence', 0 "
					+ "WHERE NOT EXISTS (SELECT 1 FROM state_meta WHERE name = 'last_sequence')");
			try (ResultSet result = statement
				.executeQuery("SELECT num FROM state_meta WHERE name = 'schema_version'")) {
				result.next();
				long version = result.getLong(1);
				if (version > SCHEMA_VERSION) {
					throw new StatePersistenceException("The state database was written by a newer version of "
							+ "Library (schema " + version + ", this one knows " + SCHEMA_VERSION + ")");
				}
			}
		}
		connection.commit();
	}

	private StateSnapshot load(Connection connection) throws SQLException {
		List<StateSnapshot.Entry> entries = new ArrayList<>();
		long lastSequence;
		try (Statement statement = connection.createStatement()) {
			try (ResultSet result = statement.executeQuery("SELECT state_key, version, deleted, value_json, "
					+ "ts_epoch_nanos, source, quality FROM state_entry")) {
				while (result.next()) {
					String key = result.getString(1);
					long version = result.getLong(2);
					StateValue value = result.getBoolean(3) ? null
							: new StateValue(key, readJson(result.getString(4)), version, instant(result.getLong(5)),
									result.getString(6), Quality.valueOf(result.getString(7)));
					entries.add(new StateSnapshot.Entry(key, version, value));
				}
			}
			try (ResultSet result = statement.executeQuery("SELECT num FROM state_meta WHERE name = 'last_sequence'")) {
				result.next();
				lastSequence = result.getLong(1);
			}
		}
		connection.commit();
		return new StateSnapshot(entries, lastSequence);
	}

	@Override
	public void commit(List<StateChange> changes) {
		if (changes.isEmpty()) {
			return;
		}
		Connection connection = this.writeConnection;
		PreparedStatement insertEvent = this.insertEvent;
		PreparedStatement mergeState = this.mergeState;
		PreparedStatement updateLastSequence = this.updateLastSequence;
		Statement sync = this.sync;
		Assert.state(connection != null && insertEvent != null && mergeState != null && updateLastSequence != null
				&& sync != null, "Not open");
		long last = changes.get(changes.size() - 1).sequence();
		if (last <= this.lastSequence) {
			// committed by an earlier attempt whose sync failed: only sync
			sync(sync);
			return;
		}
		try {
			Map<String, Integer> lastOfKey = new LinkedHashMap<>();
			String[] json = new String[changes.size()];
			for (int i = 0; i < changes.size(); i++) {
				StateChange change = changes.get(i);
				json[i] = (change.value() != null) ? this.jsonMapper.writeValueAsString(change.value()) : null;
				insertEvent.setLong(1, change.sequence());
				insertEvent.setString(2, change.key());
				insertEvent.setString(3, change.type().name());
				insertEvent.setLong(4, change.version());
				insertEvent.setLong(5, epochNanos(change.timestamp()));
				insertEvent.setString(6, change.source());
				setNullableString(insertEvent, 7, (change.quality() != null) ? change.quality().name() : null);
				setNullableString(insertEvent, 8, json[i]);
				insertEvent.setBoolean(9, change.created());
				insertEvent.addBatch();
				lastOfKey.put(change.key(), i);
			}
			insertEvent.executeBatch();
			for (int i : lastOfKey.values()) {
				StateChange change = changes.get(i);
				mergeState.setString(1, change.key());
				mergeState.setLong(2, change.version());
				mergeState.setLong(3, change.sequence());
				mergeState.setBoolean(4, change.type() == StateChange.Type.DELETE);
				setNullableString(mergeState, 5, json[i]);
				mergeState.setLong(6, epochNanos(change.timestamp()));
				mergeState.setString(7, change.source());
				setNullableString(mergeState, 8, (change.quality() != null) ? change.quality().name() : null);
				mergeState.addBatch();
			}
			mergeState.executeBatch();
			updateLastSequence.setLong(1, last);
			updateLastSequence.executeUpdate();
			connection.commit();
			this.lastSequence = last;
		}
		catch (SQLException | RuntimeException ex) {
			rollbackQuietly(connection);
			throw new StatePersistenceException(
					"Cannot commit " + changes.size() + " state changes to " + this.directory + ": " + ex.getMessage(),
					ex);
		}
		sync(sync);
	}

	private void sync(Statement sync) {
		if (!this.fsync) {
			return;
		}
		try {
			sync.execute("CHECKPOINT SYNC");
		}
		catch (SQLException ex) {
			throw new StatePersistenceException(
					"Cannot force state changes to the disk in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<StateChange> readEvents(@Nullable String key, String prefix, @Nullable Instant since,
			@Nullable Instant until, long afterSequence, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM state_event WHERE sequence > ?");
		List<Object> parameters = new ArrayList<>();
		parameters.add(afterSequence);
		if (key != null) {
			sql.append(" AND state_key = ?");
			parameters.add(key);
		}
		if (!prefix.isEmpty()) {
			sql.append(" AND (state_key = ? OR state_key LIKE ? ESCAPE '\\')");
			parameters.add(prefix);
			parameters.add(prefix.replace("_", "\\_") + ".%");
		}
		if (since != null) {
			sql.append(" AND ts_epoch_nanos >= ?");
			parameters.add(epochNanos(since));
		}
		if (until != null) {
			sql.append(" AND ts_epoch_nanos < ?");
			parameters.add(epochNanos(until));
		}
		sql.append(" ORDER BY sequence FETCH FIRST ? ROWS ONLY");
		parameters.add(limit);
		try (Connection connection = readPool().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < parameters.size(); i++) {
				statement.setObject(i + 1, parameters.get(i));
			}
			List<StateChange> events = new ArrayList<>(Math.min(limit, 256));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					events.add(readChange(result));
				}
			}
			return events;
		}
		catch (SQLException ex) {
			throw new StatePersistenceException(
					"Cannot read the event log in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	private StateChange readChange(ResultSet result) throws SQLException {
		String quality = result.getString(7);
		String json = result.getString(8);
		return new StateChange(result.getLong(1), StateChange.Type.valueOf(result.getString(3)), result.getString(2),
				result.getLong(4), instant(result.getLong(5)), result.getString(6),
				(quality != null) ? Quality.valueOf(quality) : null, (json != null) ? readJson(json) : null,
				result.getBoolean(9));
	}

	@Override
	public long firstRetainedSequence() {
		long last = this.lastSequence;
		try (Connection connection = readPool().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT MIN(sequence) FROM state_event")) {
			result.next();
			long first = result.getLong(1);
			return result.wasNull() ? last + 1 : first;
		}
		catch (SQLException ex) {
			throw new StatePersistenceException(
					"Cannot read the event log in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public long applyRetention(Instant olderThan, long maxCount) {
		long bound = Math.max(0, this.lastSequence - maxCount);
		try (Connection connection = readPool().getConnection()) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT MAX(sequence) FROM state_event WHERE ts_epoch_nanos < ?")) {
				statement.setLong(1, epochNanos(olderThan));
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					bound = Math.max(bound, result.getLong(1));
				}
			}
			long removed = 0;
			if (bound == 0) {
				return removed;
			}
			try (PreparedStatement delete = connection.prepareStatement(
					"DELETE FROM state_event WHERE sequence <= ? FETCH FIRST " + RETENTION_CHUNK + " ROWS ONLY")) {
				delete.setLong(1, bound);
				int deleted;
				do {
					deleted = delete.executeUpdate();
					removed += deleted;
				}
				while (deleted == RETENTION_CHUNK && !Thread.currentThread().isInterrupted());
			}
			return removed;
		}
		catch (SQLException ex) {
			throw new StatePersistenceException(
					"Cannot prune the event log in " + this.directory + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean isDurable() {
		return true;
	}

	@Override
	public String describe() {
		return "embedded:" + this.directory;
	}

	@Override
	public void close() {
		closeQuietly(this.insertEvent);
		closeQuietly(this.mergeState);
		closeQuietly(this.updateLastSequence);
		closeQuietly(this.sync);
		this.insertEvent = null;
		this.mergeState = null;
		this.updateLastSequence = null;
		this.sync = null;
		if (this.readPool != null) {
			this.readPool.dispose();
			this.readPool = null;
		}
		if (this.writeConnection != null) {
			try (Statement statement = this.writeConnection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
			catch (SQLException ex) {
				logger.warn("Cannot shut the state database down cleanly: " + ex.getMessage());
			}
			closeQuietly(this.writeConnection);
			this.writeConnection = null;
		}
		closeQuietly(this.lockChannel);
		this.lockChannel = null;
	}

	private JdbcConnectionPool readPool() {
		JdbcConnectionPool pool = this.readPool;
		if (pool == null) {
			throw new StatePersistenceException("The state database in " + this.directory + " is closed");
		}
		return pool;
	}

	private JsonNode readJson(String json) {
		return this.jsonMapper.readTree(json);
	}

	private static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
			throws SQLException {
		if (value != null) {
			statement.setString(index, value);
		}
		else {
			statement.setNull(index, Types.VARCHAR);
		}
	}

	static long epochNanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
	}

	static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
				Math.floorMod(epochNanos, 1_000_000_000L));
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			logger.debug("Rollback failed", ex);
		}
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Close failed", ex);
			}
		}
	}

}
