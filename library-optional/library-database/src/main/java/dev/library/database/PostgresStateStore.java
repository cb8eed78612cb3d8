package dev.library.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.library.schema.SchemaRegistry;
import dev.library.state.Cursors;
import dev.library.state.EventPage;
import dev.library.state.EventQuery;
import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateHistoryUnavailableException;
import dev.library.state.StateKeys;
import dev.library.state.StatePage;
import dev.library.state.StateStore;
import dev.library.state.StateStoreOptions;
import dev.library.state.StateStoreUnavailableException;
import dev.library.state.StateValue;
import dev.library.state.StateVersionConflictException;
import dev.library.state.StateWatchers;
import dev.library.state.StateWriteValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * A {@link StateStore} shared by several replicas of the platform on one PostgreSQL
 * database, which is the source of truth: versions, sequences and conditions are decided
 * in the database, and every replica delivers every change to its watchers.
 * <p>
 * <b>Writes</b> are group-committed ({@link PostgresGroupCommitter}): the writes that
 * arrive while a transaction runs are committed together in the next one, and each caller
 * is answered after that commit. A batch locks its keys' rows in key order
 * ({@code SELECT ... ORDER BY state_key FOR UPDATE}), so that replicas writing the same
 * keys queue instead of deadlocking; checks each write against its key's version (a
 * failed condition fails with {@link StateVersionConflictException}, for its caller
 * only); then takes the batch's sequences from the {@code last_sequence} row of
 * {@code library_state_meta}, inserts the events, updates the rows and sends
 * {@code pg_notify('library_state', sequence)}, in one statement. The sequence row stays
 * locked until commit, so transactions commit in sequence order and sequences have no
 * gaps: a replica that reads the event log up to a sequence never misses an earlier
 * change committed later.
 * <p>
 * <b>Change delivery.</b> Each replica {@code LISTEN}s on a dedicated connection
 * ({@link PostgresChangeListener}); a notification (or its own commit, or a poll every
 * {@code pollInterval}, which covers a lost connection) wakes one dispatcher thread that
 * reads the events after the last one it dispatched, in sequence order, and hands them to
 * the {@link StateWatchers}. Resuming watchers replay the event log, so a watcher may
 * resume on any replica.
 * <p>
 * <b>Reads</b> go to PostgreSQL: {@code get} and {@code list} see every committed write,
 * of any replica. Watchers see a change of another replica after the notification delay
 * (usually a few milliseconds; at most {@code pollInterval} while the notification
 * connection is down).
 * <p>
 * <b>Outage.</b> There is no outage buffer here: versions cannot be decided without the
 * database, so writes and reads fail with {@link StateStoreUnavailableException} (503)
 * while PostgreSQL cannot be reached, and watchers wait.
 *
 * @author Library
 */
public class PostgresStateStore implements StateStore {

	private static final Log logger = LogFactory.getLog(PostgresStateStore.class);

	static final String CHANNEL = "library_state";

	private static final long ANY_VERSION = PostgresGroupCommitter.ANY_VERSION;

	private static final int DISPATCH_PAGE_SIZE = 1_000;

	private static final String ENTRY_COLUMNS = "state_key, version, value_json, ts_epoch_nanos, source, quality";

	private final ConnectionFactory connectionFactory;

	private final PostgresEndpoint endpoint;

	private final StateStoreOptions options;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final Duration queryTimeout;

	private final Duration pollInterval;

	private final StateWriteValidator validator;

	private final PostgresEventLog eventLog;

	private final StateWatchers watchers;

	private final PostgresChangeListener listener;

	private final PostgresGroupCommitter committer;

	private final Scheduler readScheduler = Schedulers.boundedElastic();

	private final Semaphore wakeUp = new Semaphore(0);

	private final Counter puts;

	private final Counter deletes;

	private final Counter conflicts;

	private volatile boolean running;

	/** Written by the dispatcher thread only (and by start). */
	private volatile long dispatchedSequence;

	private volatile @Nullable String dispatchError;

	private @Nullable Thread dispatcher;

	private @Nullable ScheduledExecutorService retention;

	/**
	 * Create a new store. Call {@link #start()} before using it.
	 * @param connectionFactory pooled connections to the database, for reads and writes
	 * @param listenerConnections unpooled connections to the database, for the
	 * notification listener
	 * @param endpoint the database, for migrations and descriptions
	 * @param options the state store settings (value size, watch buffer, retention)
	 * @param jsonMapper writes, reads and measures values
	 * @param schemas validates values against the schema registered for their key, or
	 * {@code null}
	 * @param meters where the meters go
	 * @param clock gives the timestamps of changes
	 * @param queryTimeout the longest time one query or transaction may take
	 * @param pollInterval how often the event log is read without a notification
	 */
	public PostgresStateStore(ConnectionFactory connectionFactory, ConnectionFactory listenerConnections,
			PostgresEndpoint endpoint, StateStoreOptions options, JsonMapper jsonMapper,
			@Nullable SchemaRegistry schemas, MeterRegistry meters, Clock clock, Duration queryTimeout,
			Duration pollInterval) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(listenerConnections, "'listenerConnections' must not be null");
		Assert.notNull(endpoint, "'endpoint' must not be null");
		Assert.notNull(options, "'options' must not be null");
		Assert.isTrue(pollInterval.isPositive(), "'pollInterval' must be positive");
		this.connectionFactory = connectionFactory;
		this.endpoint = endpoint;
		this.options = options;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		this.queryTimeout = queryTimeout;
		this.pollInterval = pollInterval;
		this.validator = new StateWriteValidator(options.maxValueSize(), jsonMapper, schemas);
		this.eventLog = new PostgresEventLog(connectionFactory, jsonMapper);
		Counter dropped = Counter.builder("library.state.watchers.dropped")
			.description("Watchers dropped because they fell further behind than their buffer")
			.baseUnit("watchers")
			.register(meters);
		this.watchers = new StateWatchers(options.watchBufferSize(), dropped);
		this.listener = new PostgresChangeListener(listenerConnections, CHANNEL, this::wakeDispatcher, pollInterval);
		this.committer = new PostgresGroupCommitter(connectionFactory, endpoint, clock, queryTimeout,
				options.maxBatchSize(), options.writerQueueCapacity(), meters, this::wakeDispatcher);
		this.puts = changesCounter(meters, "put");
		this.deletes = changesCounter(meters, "delete");
		this.conflicts = Counter.builder("library.state.conflicts")
			.description("Conditional writes refused because the key was at another version")
			.baseUnit("writes")
			.register(meters);
		Gauge.builder("library.state.watchers", this.watchers, StateWatchers::size)
			.description("Subscribers following state changes")
			.baseUnit("watchers")
			.register(meters);
	}

	private static Counter changesCounter(MeterRegistry meters, String type) {
		return Counter.builder("library.state.changes")
			.description("State changes committed")
			.tag("type", type)
			.baseUnit("changes")
			.register(meters);
	}

	/**
	 * Migrate the platform's tables, start listening to the changes of every replica and
	 * start the event log retention. Blocks.
	 * @throws dev.library.state.StatePersistenceException if the database cannot be
	 * migrated or read
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			PlatformSchemaMigrations.migrate(this.endpoint);
		}
		catch (RuntimeException ex) {
			throw new dev.library.state.StatePersistenceException(
					"Cannot migrate the platform tables in " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		this.dispatchedSequence = block(lastSequence());
		this.running = true;
		this.committer.start();
		Thread dispatcher = new Thread(this::runDispatcher, "library-state-dispatcher");
		dispatcher.setDaemon(true);
		this.dispatcher = dispatcher;
		dispatcher.start();
		this.listener.start();
		ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "library-state-retention");
			thread.setDaemon(true);
			return thread;
		});
		this.retention = retention;
		long interval = this.options.retentionInterval().toMillis();
		retention.scheduleWithFixedDelay(this::applyRetention, interval, interval, TimeUnit.MILLISECONDS);
		logger.info("State store shared in PostgreSQL " + this.endpoint.describe() + " started at sequence "
				+ this.dispatchedSequence);
	}

	/**
	 * Stop listening, complete the watchers and stop the retention. Blocks. Writes
	 * already committed are in the database; writes in flight complete or fail by
	 * themselves.
	 */
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.committer.stop();
		this.listener.stop();
		Thread dispatcher = this.dispatcher;
		if (dispatcher != null) {
			dispatcher.interrupt();
			try {
				dispatcher.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		ScheduledExecutorService retention = this.retention;
		if (retention != null) {
			retention.shutdownNow();
		}
		this.watchers.closeAll();
		logger.info("State store shared in PostgreSQL stopped at sequence " + this.dispatchedSequence);
	}

	/**
	 * Whether the store is started.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether the store receives the notifications of other replicas now (rather than
	 * polling for their changes).
	 * @return whether it listens
	 */
	public boolean isListening() {
		return this.listener.isListening();
	}

	/**
	 * Return how many writes wait for their batch to be committed.
	 * @return the writer queue depth
	 */
	public int pendingWrites() {
		return this.committer.pending();
	}

	/**
	 * Return when this replica last committed a batch.
	 * @return the time, {@code null} before the first commit
	 */
	public @Nullable Instant lastCommit() {
		return this.committer.lastCommit();
	}

	/**
	 * Return why this replica cannot commit or read the changes of every replica now.
	 * @return the reason, {@code null} while PostgreSQL answers
	 */
	public @Nullable String lastError() {
		String commitError = this.committer.lastCommitError();
		return (commitError != null) ? commitError : this.dispatchError;
	}

	/**
	 * Return how many subscribers follow changes on this replica.
	 * @return the number of watchers
	 */
	public int watchers() {
		return this.watchers.size();
	}

	/**
	 * Return the sequence of the last change handed to this replica's watchers.
	 * @return the sequence
	 */
	public long dispatchedSequence() {
		return this.dispatchedSequence;
	}

	/**
	 * Describe where the data lives.
	 * @return the description
	 */
	public String describe() {
		return "postgresql-shared:" + this.endpoint.describe();
	}

	@Override
	public Mono<StateValue> get(String key) {
		return Mono.defer(() -> {
			StateKeys.validate(key);
			checkRunning();
			return guard(query(
					"SELECT " + ENTRY_COLUMNS + " FROM library_state_entry WHERE state_key = $1 " + "AND NOT deleted",
					List.of(key), this::readValue)
				.next());
		});
	}

	@Override
	public Mono<StatePage> list(String prefix, int limit, @Nullable String cursor) {
		return Mono.defer(() -> {
			String normalized = StateKeys.validatePrefix(prefix);
			Assert.isTrue(limit > 0, "'limit' must be positive");
			String after = (cursor != null) ? Cursors.decodeKey(cursor) : null;
			checkRunning();
			// keys compare as Java strings do (COLLATE "C"), whatever the database's
			// collation
			StringBuilder sql = new StringBuilder(
					"SELECT " + ENTRY_COLUMNS + " FROM library_state_entry WHERE NOT deleted");
			List<Object> parameters = new ArrayList<>();
			if (!normalized.isEmpty()) {
				parameters.add(normalized);
				sql.append(" AND (state_key = $").append(parameters.size());
				parameters.add(PostgresEventLog.likePrefix(normalized));
				sql.append(" OR state_key LIKE $").append(parameters.size()).append(")");
			}
			if (after != null) {
				parameters.add(after);
				sql.append(" AND state_key COLLATE \"C\" > $").append(parameters.size());
			}
			parameters.add(limit + 1);
			sql.append(" ORDER BY state_key COLLATE \"C\" LIMIT $").append(parameters.size());
			return guard(query(sql.toString(), parameters, this::readValue).collectList()).map((values) -> {
				boolean more = values.size() > limit;
				List<StateValue> page = more ? values.subList(0, limit) : values;
				return new StatePage(page, more ? Cursors.key(page.get(page.size() - 1).key()) : null);
			});
		});
	}

	@Override
	public Mono<StateChange> put(String key, JsonNode value, String source, Quality quality) {
		return Mono.defer(() -> {
			JsonNode stored = this.validator.validatePut(key, value, source, quality);
			return write(key, ANY_VERSION, stored, source, quality);
		});
	}

	@Override
	public Mono<StateChange> compareAndSet(String key, long expectedVersion, JsonNode value, String source,
			Quality quality) {
		Assert.isTrue(expectedVersion >= 0, "'expectedVersion' must not be negative");
		return Mono.defer(() -> {
			JsonNode stored = this.validator.validatePut(key, value, source, quality);
			return write(key, expectedVersion, stored, source, quality);
		});
	}

	@Override
	public Mono<StateChange> delete(String key, String source) {
		return Mono.defer(() -> {
			this.validator.validateDelete(key, source);
			return write(key, ANY_VERSION, null, source, null);
		});
	}

	@Override
	public Mono<StateChange> delete(String key, long expectedVersion, String source) {
		Assert.isTrue(expectedVersion > 0, "'expectedVersion' must be positive");
		return Mono.defer(() -> {
			this.validator.validateDelete(key, source);
			return write(key, expectedVersion, null, source, null);
		});
	}

	private Mono<StateChange> write(String key, long expectedVersion, @Nullable JsonNode value, String source,
			@Nullable Quality quality) {
		checkRunning();
		String json = (value != null) ? this.jsonMapper.writeValueAsString(value) : null;
		return this.committer.submit(key, expectedVersion, value, json, source, quality)
			.doOnNext((change) -> ((change.type() == StateChange.Type.PUT) ? this.puts : this.deletes).increment())
			.doOnError(StateVersionConflictException.class, (ex) -> this.conflicts.increment());
	}

	@Override
	public long committedSequence() {
		return this.dispatchedSequence;
	}

	@Override
	public Flux<StateChange> watch(String prefix) {
		return Flux.defer(() -> {
			String normalized = StateKeys.validatePrefix(prefix);
			checkRunning();
			return this.watchers.watch(normalized);
		});
	}

	@Override
	public Flux<StateChange> watch(String prefix, long afterSequence) {
		return Flux.defer(() -> {
			String normalized = StateKeys.validatePrefix(prefix);
			Assert.isTrue(afterSequence >= 0, "'afterSequence' must not be negative");
			checkRunning();
			// this replica may not have dispatched a change another replica just made
			Mono<Long> known = (afterSequence <= this.dispatchedSequence) ? Mono.just(this.dispatchedSequence)
					: guard(lastSequence());
			return known.flatMapMany((last) -> {
				if (afterSequence > last) {
					return Flux.error(new StateHistoryUnavailableException(
							StateHistoryUnavailableException.Reason.UNKNOWN, afterSequence, last));
				}
				return this.watchers.watch(normalized, afterSequence, new EventLog(), this.readScheduler);
			});
		});
	}

	@Override
	public Mono<EventPage> events(EventQuery query) {
		return Mono.defer(() -> {
			String key = (query.key() != null) ? StateKeys.validate(query.key()) : null;
			String prefix = (query.prefix() != null) ? StateKeys.validatePrefix(query.prefix()) : "";
			long after = (query.cursor() != null) ? Cursors.decodeSequence(query.cursor()) : 0;
			checkRunning();
			return guard(this.eventLog.read(key, prefix, query.since(), query.until(), after, query.limit() + 1)
				.collectList()).map((events) -> {
					boolean more = events.size() > query.limit();
					List<StateChange> page = more ? events.subList(0, query.limit()) : events;
					return new EventPage(page, more ? Cursors.sequence(page.get(page.size() - 1).sequence()) : null);
				});
		});
	}

	private void wakeDispatcher() {
		if (this.wakeUp.availablePermits() == 0) {
			this.wakeUp.release();
		}
	}

	/**
	 * Read the event log after the last change dispatched and dispatch what is new,
	 * whenever woken up and at least every poll interval.
	 */
	private void runDispatcher() {
		long delay = this.pollInterval.toMillis();
		while (this.running) {
			try {
				this.wakeUp.tryAcquire(delay, TimeUnit.MILLISECONDS);
				this.wakeUp.drainPermits();
			}
			catch (InterruptedException ex) {
				return;
			}
			try {
				dispatchNewChanges();
				this.committer.reachable();
				if (this.dispatchError != null) {
					logger.info("Reading the state changes of every replica again");
					this.dispatchError = null;
				}
				delay = this.pollInterval.toMillis();
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				if (this.dispatchError == null) {
					logger.warn("Cannot read the state changes of other replicas (" + ex.getMessage()
							+ "); watchers wait until PostgreSQL answers again");
				}
				this.dispatchError = String.valueOf(ex.getMessage());
				delay = Math.min(this.pollInterval.toMillis() * 5, 5000);
			}
		}
	}

	private void dispatchNewChanges() {
		for (;;) {
			List<StateChange> page = block(
					this.eventLog.read(null, "", null, null, this.dispatchedSequence, DISPATCH_PAGE_SIZE)
						.collectList());
			if (page.isEmpty()) {
				return;
			}
			this.dispatchedSequence = page.get(page.size() - 1).sequence();
			this.watchers.dispatch(page);
			if (page.size() < DISPATCH_PAGE_SIZE) {
				return;
			}
		}
	}

	private void applyRetention() {
		try {
			long bound = Math.max(0, block(lastSequence()) - this.options.retentionMaxCount());
			bound = Math.max(bound, block(
					this.eventLog.lastSequenceBefore(this.clock.instant().minus(this.options.retentionMaxAge()))));
			long removed;
			do {
				removed = (bound > 0) ? block(this.eventLog.removeUpTo(bound)) : 0;
			}
			while (removed == PostgresEventLog.RETENTION_CHUNK && this.running);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot apply the event log retention: " + ex.getMessage());
		}
	}

	private Mono<Long> lastSequence() {
		return query("SELECT num FROM library_state_meta WHERE name = 'last_sequence'", List.of(),
				(row) -> PostgresEventLog.number(row, 0))
			.next()
			.defaultIfEmpty(0L);
	}

	private StateValue readValue(Readable row) {
		return new StateValue(PostgresEventLog.string(row, 0), this.eventLog.readJson(PostgresEventLog.string(row, 2)),
				PostgresEventLog.number(row, 1), PostgresEventLog.instant(PostgresEventLog.number(row, 3)),
				PostgresEventLog.string(row, 4), Quality.valueOf(PostgresEventLog.string(row, 5)));
	}

	private <T> Flux<T> query(String sql, List<Object> parameters, java.util.function.Function<Readable, T> mapper) {
		return Flux.usingWhen(connection(), (connection) -> {
			Statement statement = connection.createStatement(sql);
			for (int i = 0; i < parameters.size(); i++) {
				statement.bind(i, parameters.get(i));
			}
			return Flux.from(statement.execute()).flatMap((result) -> result.map(mapper::apply));
		}, Connection::close);
	}

	private Mono<Connection> connection() {
		return Mono.<Connection>from(this.connectionFactory.create()).retry(2);
	}

	/**
	 * Bound a database call by the query timeout and turn an outage into a 503.
	 */
	private <T> Mono<T> guard(Mono<T> call) {
		return call.timeout(this.queryTimeout).onErrorMap(PostgresStateStore::isUnavailable, (ex) -> {
			String reason = (ex instanceof TimeoutException)
					? "did not answer within " + this.queryTimeout.toMillis() + " ms"
					: "cannot be reached (" + ex.getMessage() + ")";
			return new StateStoreUnavailableException(
					"PostgreSQL " + this.endpoint.describe() + " " + reason + "; retry later");
		});
	}

	private static boolean isUnavailable(Throwable ex) {
		return ex instanceof TimeoutException || (!(ex instanceof dev.library.core.web.ProblemException)
				&& !(ex instanceof IllegalArgumentException) && PostgresStatePersistence.isOutage(ex));
	}

	private <T> T block(Mono<T> call) {
		T value = guard(call).block();
		Assert.state(value != null, "No answer");
		return value;
	}

	private void checkRunning() {
		if (!this.running) {
			throw new StateStoreUnavailableException("State store is not running; retry once it is running");
		}
	}

	/**
	 * The event log as resuming watchers replay it.
	 */
	private final class EventLog implements StateWatchers.EventLog {

		@Override
		public long committedSequence() {
			return PostgresStateStore.this.dispatchedSequence;
		}

		@Override
		public List<StateChange> read(String prefix, long afterSequence, int limit) {
			return block(PostgresStateStore.this.eventLog.read(null, prefix, null, null, afterSequence, limit)
				.collectList());
		}

		@Override
		public long firstRetainedSequence() {
			long first = block(PostgresStateStore.this.eventLog.firstSequence());
			return (first > 0) ? first : PostgresStateStore.this.dispatchedSequence + 1;
		}

	}

}
