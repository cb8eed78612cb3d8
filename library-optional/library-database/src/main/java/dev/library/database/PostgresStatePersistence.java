package dev.library.database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StatePersistence;
import dev.library.state.StatePersistenceException;
import dev.library.state.StateSnapshot;
import dev.library.state.StateValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Keeps the state store's state and event log in PostgreSQL, through R2DBC.
 * <p>
 * {@link #open()} migrates the platform's tables ({@link PlatformSchemaMigrations}) and
 * loads the state. A {@link #commit(List) commit} is one transaction of a few statements
 * whatever the batch size: the events are written with {@code COPY}, the last change of
 * each key is upserted as one multi-row statement over arrays ({@code unnest}), then the
 * last sequence is recorded. A batch committed twice (after a lost acknowledgement, or
 * replayed from the outage buffer) lands once: its earlier rows are replaced, and an
 * entry is only ever replaced by a later change.
 * <p>
 * <b>Outages.</b> When PostgreSQL cannot be reached, a batch is appended to a bounded
 * durable {@link OutageBuffer} file instead, and the commit succeeds: the state store
 * keeps accepting writes. Later batches go to the buffer too, in order, until the buffer
 * is flushed to PostgreSQL: before the next commit, or by {@link #flushBuffered()} which
 * the database component calls periodically. History queries merge buffered changes in.
 * When the buffer is full, a commit fails and the store retries it, so writes wait.
 * Errors in the data (SQL states 22, 23, 42) are not outages: they fail the commit.
 * <p>
 * Methods block, with a timeout: they are called from the state store's writer thread and
 * from bounded schedulers, never from an event loop.
 *
 * @author Library
 */
public class PostgresStatePersistence implements StatePersistence {

	private static final Log logger = LogFactory.getLog(PostgresStatePersistence.class);

	private static final int FLUSH_CHUNK = 5_000;

	private static final Duration FLUSH_RETRY_INTERVAL = Duration.ofSeconds(1);

	private static final String INSERT_EVENTS = "INSERT INTO library_state_event (" + PostgresEventLog.EVENT_COLUMNS
			+ ") " + "SELECT * FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::bigint[], $5::bigint[], "
			+ "$6::varchar[], $7::varchar[], $8::text[], $9::boolean[]) ON CONFLICT (sequence) DO NOTHING";

	private static final String COPY_EVENTS = "COPY library_state_event (" + PostgresEventLog.EVENT_COLUMNS
			+ ") FROM STDIN";

	/**
	 * COPY cannot skip conflicts: rows of an earlier attempt of the same batch go first.
	 */
	private static final String DELETE_EVENT_RANGE = "DELETE FROM library_state_event WHERE sequence >= $1 "
			+ "AND sequence <= $2";

	private static final String UPSERT_ENTRIES = "INSERT INTO library_state_entry (state_key, version, sequence, "
			+ "deleted, value_json, ts_epoch_nanos, source, quality) "
			+ "SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::boolean[], $5::text[], "
			+ "$6::bigint[], $7::varchar[], $8::varchar[]) ON CONFLICT (state_key) DO UPDATE SET "
			+ "version = excluded.version, sequence = excluded.sequence, deleted = excluded.deleted, "
			+ "value_json = excluded.value_json, ts_epoch_nanos = excluded.ts_epoch_nanos, "
			+ "source = excluded.source, quality = excluded.quality "
			+ "WHERE library_state_entry.sequence < excluded.sequence";

	private static final String UPDATE_LAST_SEQUENCE = "UPDATE library_state_meta SET num = GREATEST(num, $1) "
			+ "WHERE name = 'last_sequence'";

	private final ConnectionFactory connectionFactory;

	private final PostgresEndpoint endpoint;

	private final JsonMapper jsonMapper;

	private final Duration queryTimeout;

	private final OutageBuffer buffer;

	private final PostgresEventLog eventLog;

	/** Buffered changes by sequence, for readers: the buffer itself is the writer's. */
	private final ConcurrentSkipListMap<Long, StateChange> buffered = new ConcurrentSkipListMap<>();

	private final ReentrantLock writeLock = new ReentrantLock();

	private final MeterRegistry meterRegistry;

	private final Counter bufferedChanges;

	private final Counter flushedChanges;

	private volatile long lastSequence;

	/** While buffering, commits try to flush at most this often: an outage costs time. */
	private long nextFlushAttempt;

	private volatile boolean open;

	/**
	 * Create a new instance.
	 * @param connectionFactory connections to the database, pooled
	 * @param endpoint the database, for migrations and descriptions
	 * @param bufferDirectory the directory of the outage buffer file
	 * @param bufferMaxChanges the most changes the outage buffer holds
	 * @param jsonMapper writes and reads values
	 * @param queryTimeout the longest time one query or commit may take
	 * @param meterRegistry where the meters go
	 */
	public PostgresStatePersistence(ConnectionFactory connectionFactory, PostgresEndpoint endpoint,
			Path bufferDirectory, int bufferMaxChanges, JsonMapper jsonMapper, Duration queryTimeout,
			MeterRegistry meterRegistry) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(endpoint, "'endpoint' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		this.connectionFactory = connectionFactory;
		this.endpoint = endpoint;
		this.jsonMapper = jsonMapper;
		this.queryTimeout = queryTimeout;
		this.buffer = new OutageBuffer(bufferDirectory, bufferMaxChanges, jsonMapper);
		this.eventLog = new PostgresEventLog(connectionFactory, jsonMapper);
		this.meterRegistry = meterRegistry;
		Gauge.builder("library.database.buffer.changes", this.buffered, Map::size)
			.description("State changes waiting in the outage buffer for PostgreSQL to be reachable again")
			.baseUnit("changes")
			.register(meterRegistry);
		this.bufferedChanges = Counter.builder("library.database.buffer.appended")
			.description("State changes written to the outage buffer because PostgreSQL could not be reached")
			.baseUnit("changes")
			.register(meterRegistry);
		this.flushedChanges = Counter.builder("library.database.buffer.flushed")
			.description("State changes moved from the outage buffer to PostgreSQL")
			.baseUnit("changes")
			.register(meterRegistry);
	}

	@Override
	public StateSnapshot open() {
		Assert.state(!this.open, "Already open");
		try {
			PlatformSchemaMigrations.migrate(this.endpoint);
		}
		catch (RuntimeException ex) {
			throw new StatePersistenceException(
					"Cannot migrate the platform tables in " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		List<StateChange> pending = this.buffer.open();
		try {
			if (!pending.isEmpty()) {
				logger.info("Flushing " + pending.size() + " state changes left in " + this.buffer.file());
				for (StateChange change : pending) {
					this.buffered.put(change.sequence(), change);
				}
				flush();
			}
			StateSnapshot snapshot = load();
			this.lastSequence = snapshot.lastSequence();
			this.open = true;
			logger.info("Opened state store in PostgreSQL " + this.endpoint.describe() + ": "
					+ snapshot.entries().size() + " keys, last sequence " + snapshot.lastSequence());
			return snapshot;
		}
		catch (RuntimeException ex) {
			this.buffer.close();
			this.buffered.clear();
			if (ex instanceof StatePersistenceException persistenceException) {
				throw persistenceException;
			}
			throw new StatePersistenceException(
					"Cannot open the state store in " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
	}

	private StateSnapshot load() {
		List<StateSnapshot.Entry> entries = block("load",
				query("SELECT state_key, version, deleted, value_json, ts_epoch_nanos, source, quality "
						+ "FROM library_state_entry", List.of(), this::readEntry)
					.collectList());
		Long last = block("load", query("SELECT num FROM library_state_meta WHERE name = 'last_sequence'", List.of(),
				(row) -> row.get(0, Long.class))
			.next());
		return new StateSnapshot(entries, (last != null) ? last : 0);
	}

	private StateSnapshot.Entry readEntry(Readable row) {
		String key = string(row, 0);
		long version = number(row, 1);
		boolean deleted = Boolean.TRUE.equals(row.get(2, Boolean.class));
		StateValue value = deleted ? null : new StateValue(key, readJson(string(row, 3)), version,
				instant(number(row, 4)), string(row, 5), Quality.valueOf(string(row, 6)));
		return new StateSnapshot.Entry(key, version, value);
	}

	@Override
	public void commit(List<StateChange> changes) {
		if (changes.isEmpty()) {
			return;
		}
		Assert.state(this.open, "Not open");
		long last = changes.get(changes.size() - 1).sequence();
		this.writeLock.lock();
		try {
			if (last <= this.lastSequence) {
				return; // committed or buffered by an earlier attempt
			}
			if (!this.buffer.isEmpty() && (System.nanoTime() - this.nextFlushAttempt < 0 || !tryFlush())) {
				toBuffer(changes);
			}
			else {
				try {
					write(changes);
				}
				catch (RuntimeException ex) {
					if (!isOutage(ex)) {
						throw new StatePersistenceException("Cannot commit " + changes.size() + " state changes to "
								+ this.endpoint.describe() + ": " + ex.getMessage(), ex);
					}
					logger.warn("PostgreSQL " + this.endpoint.describe() + " cannot be reached (" + ex.getMessage()
							+ "); state changes wait in " + this.buffer.file());
					this.nextFlushAttempt = System.nanoTime() + FLUSH_RETRY_INTERVAL.toNanos();
					toBuffer(changes);
				}
			}
			this.lastSequence = last;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void toBuffer(List<StateChange> changes) {
		this.buffer.append(changes);
		for (StateChange change : changes) {
			this.buffered.put(change.sequence(), change);
		}
		this.bufferedChanges.increment(changes.size());
	}

	/**
	 * Move the changes waiting in the outage buffer to PostgreSQL, if any and if it can
	 * be reached.
	 * @return whether the buffer is empty afterwards
	 */
	public boolean flushBuffered() {
		if (this.buffered.isEmpty()) {
			return true;
		}
		this.writeLock.lock();
		try {
			return !this.open || this.buffer.isEmpty() || tryFlush();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Return how many state changes wait in the outage buffer.
	 * @return the number of buffered changes
	 */
	public int bufferedChanges() {
		return this.buffered.size();
	}

	private boolean tryFlush() {
		try {
			flush();
			return true;
		}
		catch (RuntimeException ex) {
			if (!isOutage(ex)) {
				throw new StatePersistenceException("Cannot flush " + this.buffer.size() + " buffered state changes to "
						+ this.endpoint.describe() + ": " + ex.getMessage(), ex);
			}
			logger.debug("PostgreSQL still cannot be reached", ex);
			this.nextFlushAttempt = System.nanoTime() + FLUSH_RETRY_INTERVAL.toNanos();
			return false;
		}
	}

	private void flush() {
		List<StateChange> pending = this.buffer.changes();
		int total = pending.size();
		for (int from = 0; from < total; from += FLUSH_CHUNK) {
			write(pending.subList(from, Math.min(total, from + FLUSH_CHUNK)));
		}
		this.buffer.clear();
		this.buffered.clear();
		this.flushedChanges.increment(total);
		logger.info("Flushed " + total + " buffered state changes to PostgreSQL " + this.endpoint.describe());
	}

	private void write(List<StateChange> changes) {
		int size = changes.size();
		String[] values = new String[size];
		Map<String, Integer> lastOfKey = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			StateChange change = changes.get(i);
			values[i] = (change.value() != null) ? this.jsonMapper.writeValueAsString(change.value()) : null;
			lastOfKey.put(change.key(), i);
		}
		long first = changes.get(0).sequence();
		long last = changes.get(size - 1).sequence();
		Object[] entries = entryColumns(changes, values, lastOfKey);
		Mono<Void> transaction = Mono.usingWhen(connection(),
				(connection) -> Mono.from(connection.beginTransaction())
					.then(insertEvents(connection, changes, values, first, last))
					.then(update(connection, UPSERT_ENTRIES, entries))
					.then(update(connection, UPDATE_LAST_SEQUENCE, last))
					.then(Mono.from(connection.commitTransaction())),
				Connection::close,
				(connection, error) -> Mono.from(connection.rollbackTransaction())
					.onErrorResume((rollbackError) -> Mono.empty())
					.then(Mono.from(connection.close())),
				Connection::close);
		block("commit", transaction);
	}

	/**
	 * Insert the events with {@code COPY} on a PostgreSQL connection, otherwise as one
	 * multi-row statement. Either way a batch committed twice lands once: the changes of
	 * a batch are consecutive in sequence (the store commits in sequence order), so the
	 * range of its sequences holds only rows of an earlier attempt of the same batch.
	 */
	private Mono<Long> insertEvents(Connection connection, List<StateChange> changes, String[] values, long first,
			long last) {
		PostgresqlConnection postgres = unwrap(connection);
		if (postgres == null || !ascending(changes)) {
			return insertEventsAsArrays(connection, changes, values);
		}
		EventCopyRows rows = new EventCopyRows(changes.size());
		for (int i = 0; i < changes.size(); i++) {
			StateChange change = changes.get(i);
			rows.add(change.sequence())
				.add(change.key())
				.add(change.type().name())
				.add(change.version())
				.add(epochNanos(change.timestamp()))
				.add(change.source())
				.add((change.quality() != null) ? change.quality().name() : null)
				.add(values[i])
				.add(change.created())
				.endRow();
		}
		byte[] data = rows.toBytes();
		return update(connection, DELETE_EVENT_RANGE, first, last)
			.then(Mono.defer(() -> postgres.copyIn(COPY_EVENTS).from(data).build()));
	}

	private static boolean ascending(List<StateChange> changes) {
		for (int i = 1; i < changes.size(); i++) {
			if (changes.get(i).sequence() <= changes.get(i - 1).sequence()) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable PostgresqlConnection unwrap(Connection connection) {
		Object candidate = connection;
		while (candidate instanceof Wrapped<?> wrapped && !(candidate instanceof PostgresqlConnection)) {
			candidate = wrapped.unwrap();
		}
		return (candidate instanceof PostgresqlConnection postgres) ? postgres : null;
	}

	private Mono<Long> insertEventsAsArrays(Connection connection, List<StateChange> changes, String[] values) {
		int size = changes.size();
		Long[] sequences = new Long[size];
		String[] keys = new String[size];
		String[] types = new String[size];
		Long[] versions = new Long[size];
		Long[] times = new Long[size];
		String[] sources = new String[size];
		String[] qualities = new String[size];
		Boolean[] created = new Boolean[size];
		for (int i = 0; i < size; i++) {
			StateChange change = changes.get(i);
			sequences[i] = change.sequence();
			keys[i] = change.key();
			types[i] = change.type().name();
			versions[i] = change.version();
			times[i] = epochNanos(change.timestamp());
			sources[i] = change.source();
			qualities[i] = (change.quality() != null) ? change.quality().name() : null;
			created[i] = change.created();
		}
		return update(connection, INSERT_EVENTS, sequences, keys, types, versions, times, sources, qualities, values,
				created);
	}

	/** The last change of each key, as the columns of {@link #UPSERT_ENTRIES}. */
	private static Object[] entryColumns(List<StateChange> changes, String[] values, Map<String, Integer> lastOfKey) {
		int entries = lastOfKey.size();
		String[] entryKeys = new String[entries];
		Long[] entryVersions = new Long[entries];
		Long[] entrySequences = new Long[entries];
		Boolean[] entryDeleted = new Boolean[entries];
		String[] entryValues = new String[entries];
		Long[] entryTimes = new Long[entries];
		String[] entrySources = new String[entries];
		String[] entryQualities = new String[entries];
		int j = 0;
		for (int i : lastOfKey.values()) {
			StateChange change = changes.get(i);
			entryKeys[j] = change.key();
			entryVersions[j] = change.version();
			entrySequences[j] = change.sequence();
			entryDeleted[j] = change.type() == StateChange.Type.DELETE;
			entryValues[j] = values[i];
			entryTimes[j] = epochNanos(change.timestamp());
			entrySources[j] = change.source();
			entryQualities[j] = (change.quality() != null) ? change.quality().name() : null;
			j++;
		}
		return new Object[] { entryKeys, entryVersions, entrySequences, entryDeleted, entryValues, entryTimes,
				entrySources, entryQualities };
	}

	/**
	 * Acquire a connection, retrying twice: after an outage the pool may hand out
	 * connections that the server closed, and fails their validation.
	 */
	private Mono<Connection> connection() {
		return Mono.<Connection>from(this.connectionFactory.create()).retry(2);
	}

	private static Mono<Long> update(Connection connection, String sql, Object... parameters) {
		Statement statement = connection.createStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.bind(i, parameters[i]);
		}
		return Flux.from(statement.execute()).flatMap((result) -> result.getRowsUpdated()).reduce(0L, Long::sum);
	}

	private <T> Flux<T> query(String sql, List<Object> parameters, Function<Readable, T> mapper) {
		return Flux.usingWhen(connection(), (connection) -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < parameters.size(); i++) {
				statement.bind(i, parameters.get(i));
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.map(mapper::apply));
		}, Connection::close);
	}

	@Override
	public List<StateChange> readEvents(@Nullable String key, String prefix, @Nullable Instant since,
			@Nullable Instant until, long afterSequence, int limit) {
		// buffered changes first: a flush that completes meanwhile leaves them in the
		// database, where the query below finds them
		NavigableMap<Long, StateChange> merged = new TreeMap<>();
		for (StateChange change : this.buffered.tailMap(afterSequence, false).values()) {
			if (merged.size() >= limit) {
				break;
			}
			if (matches(change, key, prefix, since, until)) {
				merged.put(change.sequence(), change);
			}
		}
		List<StateChange> stored = block("read-events",
				this.eventLog.read(key, prefix, since, until, afterSequence, limit).collectList());
		if (merged.isEmpty()) {
			return stored;
		}
		for (StateChange change : stored) {
			merged.put(change.sequence(), change);
		}
		return merged.values().stream().limit(limit).toList();
	}

	private static boolean matches(StateChange change, @Nullable String key, String prefix, @Nullable Instant since,
			@Nullable Instant until) {
		return (key == null || key.equals(change.key()))
				&& (prefix.isEmpty() || change.key().equals(prefix) || change.key().startsWith(prefix + "."))
				&& (since == null || !change.timestamp().isBefore(since))
				&& (until == null || change.timestamp().isBefore(until));
	}

	@Override
	public long firstRetainedSequence() {
		Long first = block("first-sequence", this.eventLog.firstSequence());
		Map.Entry<Long, StateChange> firstBuffered = this.buffered.firstEntry();
		if (first != null && first > 0) {
			return (firstBuffered != null) ? Math.min(first, firstBuffered.getKey()) : first;
		}
		return (firstBuffered != null) ? firstBuffered.getKey() : this.lastSequence + 1;
	}

	@Override
	public long applyRetention(Instant olderThan, long maxCount) {
		long bound = Math.max(0, this.lastSequence - maxCount);
		Long oldest = block("retention", this.eventLog.lastSequenceBefore(olderThan));
		if (oldest != null) {
			bound = Math.max(bound, oldest);
		}
		if (bound == 0) {
			return 0;
		}
		long upTo = bound;
		long removed = 0;
		long deleted;
		do {
			Long chunk = block("retention", this.eventLog.removeUpTo(upTo));
			deleted = (chunk != null) ? chunk : 0;
			removed += deleted;
		}
		while (deleted == PostgresEventLog.RETENTION_CHUNK && !Thread.currentThread().isInterrupted());
		return removed;
	}

	@Override
	public boolean isDurable() {
		return true;
	}

	@Override
	public String describe() {
		return "postgresql:" + this.endpoint.describe();
	}

	@Override
	public void close() {
		this.writeLock.lock();
		try {
			if (this.open && !this.buffer.isEmpty()) {
				if (tryFlush()) {
					logger.info("Flushed the outage buffer before closing");
				}
				else {
					logger.warn(this.buffer.size() + " state changes stay in " + this.buffer.file()
							+ "; they are flushed to PostgreSQL at the next start");
				}
			}
			this.open = false;
			this.buffer.close();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private <T> @Nullable T block(String operation, Mono<T> mono) {
		long started = System.nanoTime();
		String outcome = "success";
		try {
			return mono.block(this.queryTimeout);
		}
		catch (RuntimeException ex) {
			outcome = "error";
			throw ex;
		}
		finally {
			Timer.builder("library.database.query.duration")
				.description("Time of the queries and commits of the state store in PostgreSQL")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.meterRegistry)
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Whether a failure means PostgreSQL cannot be reached (or did not answer in time),
	 * rather than that it refused the data.
	 */
	static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc) {
				String sqlState = r2dbc.getSqlState();
				return sqlState == null
						|| !(sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("42"));
			}
			if (cause instanceof tools.jackson.core.JacksonException) {
				return false;
			}
		}
		return true;
	}

	private JsonNode readJson(String json) {
		return this.eventLog.readJson(json);
	}

	private static String string(Readable row, int index) {
		return PostgresEventLog.string(row, index);
	}

	private static long number(Readable row, int index) {
		return PostgresEventLog.number(row, index);
	}

	static long epochNanos(Instant instant) {
		return PostgresEventLog.epochNanos(instant);
	}

	static Instant instant(long epochNanos) {
		return PostgresEventLog.instant(epochNanos);
	}

}
