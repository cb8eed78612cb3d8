package dev.library.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.library.state.Quality;
import dev.library.state.StateChange;
import dev.library.state.StateStoreUnavailableException;
import dev.library.state.StateVersionConflictException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Statement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * Group commit of a {@link PostgresStateStore}: the writes that arrive while a
 * transaction runs are committed together in the next one, on one writer thread, and each
 * caller is answered after that commit.
 * <p>
 * A batch is one transaction:
 * <ol>
 * <li>The rows of the batch's keys are locked by one
 * {@code SELECT ... ORDER BY state_key FOR UPDATE}: every replica takes its row locks in
 * the same order, so two batches with keys in common queue instead of deadlocking. Keys
 * without a row first get a placeholder row, committed on its own before any lock is held
 * (a row inserted inside the transaction would be held outside that order).</li>
 * <li>Each write is checked against its key's version at that point of the batch (the
 * database's, or the one an earlier write of the batch gave it). A failing condition
 * fails its caller only.</li>
 * <li>One statement takes the accepted changes' sequences from the {@code last_sequence}
 * row (locked last, and until commit, so that transactions commit in sequence order and
 * sequences have no gaps), inserts the events, updates the rows and notifies
 * {@value PostgresStateStore#CHANNEL}.</li>
 * </ol>
 * A deadlock or serialization failure reported by PostgreSQL rolls the batch back and
 * runs it again; a change that PostgreSQL refuses is retried alone so that it fails only
 * its caller. A write is answered within twice the query timeout: writes that waited
 * longer than that timeout for earlier batches fail without being tried, and a batch gets
 * that timeout for all its attempts. When PostgreSQL cannot be reached, the callers get a
 * {@link StateStoreUnavailableException} that says whether their change may have been
 * applied (only when the connection was lost during the commit itself).
 *
 * @author Library
 */
final class PostgresGroupCommitter {

	private static final Log logger = LogFactory.getLog(PostgresGroupCommitter.class);

	static final long ANY_VERSION = -1;

	private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(2);

	private static final String LOCK_ENTRIES = "SELECT state_key, version, deleted FROM library_state_entry "
			+ "WHERE state_key = ANY($1::varchar[]) ORDER BY state_key COLLATE \"C\" FOR UPDATE";

	private static final String INSERT_PLACEHOLDERS = "INSERT INTO library_state_entry (state_key, version, sequence, "
			+ "deleted, value_json, ts_epoch_nanos, source, quality) "
			+ "SELECT key, 0, 0, TRUE, NULL, 0, '', NULL FROM unnest($1::varchar[]) WITH ORDINALITY AS u(key, ord) "
			+ "ORDER BY ord ON CONFLICT (state_key) DO NOTHING";

	/**
	 * $1 the number of changes, then one array per column, in sequence order;
	 * {@code last_of_key} marks the change that the key's row keeps.
	 */
	private static final String APPLY_CHANGES = "WITH seq AS (UPDATE library_state_meta SET num = num + $1::bigint "
			+ "WHERE name = 'last_sequence' RETURNING num), "
			+ "changes AS (SELECT * FROM unnest($2::varchar[], $3::varchar[], $4::bigint[], $5::bigint[], "
			+ "$6::varchar[], $7::varchar[], $8::text[], $9::boolean[], $10::boolean[]) WITH ORDINALITY "
			+ "AS c(state_key, change_type, version, ts, source, quality, value_json, created, last_of_key, ord)), "
			+ "event AS (INSERT INTO library_state_event (" + PostgresEventLog.EVENT_COLUMNS + ") "
			+ "SELECT seq.num - $1::bigint + changes.ord, changes.state_key, changes.change_type, changes.version, "
			+ "changes.ts, changes.source, changes.quality, changes.value_json, changes.created FROM seq, changes), "
			+ "entry AS (UPDATE library_state_entry SET version = changes.version, "
			+ "sequence = seq.num - $1::bigint + changes.ord, deleted = (changes.change_type = 'DELETE'), "
			+ "value_json = changes.value_json, ts_epoch_nanos = changes.ts, source = changes.source, "
			+ "quality = changes.quality FROM seq, changes "
			+ "WHERE library_state_entry.state_key = changes.state_key AND changes.last_of_key) "
			+ "SELECT num FROM seq, pg_notify('" + PostgresStateStore.CHANNEL + "', num::text)";

	private final ConnectionFactory connectionFactory;

	private final PostgresEndpoint endpoint;

	private final Clock clock;

	private final Duration queryTimeout;

	private final int maxBatchSize;

	private final int queueCapacity;

	private final Runnable onCommit;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition queued = this.lock.newCondition();

	/** Guarded by {@link #lock}. */
	private final ArrayDeque<Write> queue = new ArrayDeque<>();

	/** Guarded by {@link #lock}. */
	private boolean running;

	private @Nullable Thread writer;

	/** Whether the current attempt sent its COMMIT; written by the writer thread only. */
	private boolean commitSent;

	private volatile @Nullable Instant lastCommit;

	private volatile @Nullable String lastCommitError;

	private final Timer commitDuration;

	private final DistributionSummary commitBatchSize;

	private final Timer commitSucceeded;

	private final Timer commitFailed;

	private final Counter retries;

	/**
	 * Create a new instance.
	 * @param connectionFactory pooled connections to the database
	 * @param endpoint the database, for messages
	 * @param clock gives the timestamps of changes
	 * @param queryTimeout the longest time a batch may take, all its attempts together,
	 * and the longest a write may wait for earlier batches
	 * @param maxBatchSize the most writes per transaction
	 * @param queueCapacity the most writes waiting; more are refused
	 * @param meters where the meters go
	 * @param onCommit told after each commit of at least one change; returns quickly
	 */
	PostgresGroupCommitter(ConnectionFactory connectionFactory, PostgresEndpoint endpoint, Clock clock,
			Duration queryTimeout, int maxBatchSize, int queueCapacity, MeterRegistry meters, Runnable onCommit) {
		Assert.isTrue(maxBatchSize > 0, "'maxBatchSize' must be positive");
		Assert.isTrue(queueCapacity > 0, "'queueCapacity' must be positive");
		this.connectionFactory = connectionFactory;
		this.endpoint = endpoint;
		this.clock = clock;
		this.queryTimeout = queryTimeout;
		this.maxBatchSize = maxBatchSize;
		this.queueCapacity = queueCapacity;
		this.onCommit = onCommit;
		this.commitDuration = Timer.builder("library.state.commit.duration")
			.description("Time to commit one batch of state changes")
			.register(meters);
		this.commitBatchSize = DistributionSummary.builder("library.state.commit.batch.size")
			.description("State changes committed per batch")
			.baseUnit("changes")
			.register(meters);
		Gauge.builder("library.state.writer.pending", this, PostgresGroupCommitter::pending)
			.description("State changes applied but not yet committed")
			.baseUnit("changes")
			.register(meters);
		this.commitSucceeded = queryTimer(meters, "success");
		this.commitFailed = queryTimer(meters, "error");
		this.retries = Counter.builder("library.database.commit.retries")
			.description("Batches of state changes run again after PostgreSQL reported a deadlock or a "
					+ "serialization failure")
			.baseUnit("batches")
			.register(meters);
	}

	private static Timer queryTimer(MeterRegistry meters, String outcome) {
		return Timer.builder("library.database.query.duration")
			.description("Time of the queries and commits of the state store in PostgreSQL")
			.tag("operation", "commit")
			.tag("outcome", outcome)
			.register(meters);
	}

	void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			this.running = true;
			Thread writer = new Thread(this::run, "library-state-writer");
			writer.setDaemon(true);
			this.writer = writer;
			writer.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuse new writes, commit those waiting and stop the writer thread. Blocks, at most
	 * about twice the query timeout; writes still waiting then fail.
	 */
	void stop() {
		Thread writer;
		this.lock.lock();
		try {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.queued.signalAll();
			writer = this.writer;
		}
		finally {
			this.lock.unlock();
		}
		boolean interrupted = false;
		if (writer != null) {
			try {
				writer.join(this.queryTimeout.multipliedBy(2).toMillis());
				if (writer.isAlive()) {
					writer.interrupt();
					writer.join(CLEANUP_TIMEOUT.toMillis());
				}
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		List<Write> left;
		this.lock.lock();
		try {
			left = new ArrayList<>(this.queue);
			this.queue.clear();
		}
		finally {
			this.lock.unlock();
		}
		for (Write write : left) {
			write.sink()
				.error(new StateStoreUnavailableException(
						"State store stopped before the change was committed; it was not applied"));
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Queue a validated write; the returned {@code Mono} completes after its batch is
	 * committed (empty for the delete of a key that has no value), on a parallel thread.
	 */
	Mono<StateChange> submit(String key, long expectedVersion, @Nullable JsonNode value, @Nullable String json,
			String source, @Nullable Quality quality) {
		return Mono.<StateChange>create((sink) -> {
			Write write = new Write(key, expectedVersion, value, json, source, quality, sink, System.nanoTime());
			this.lock.lock();
			try {
				if (!this.running) {
					sink.error(
							new StateStoreUnavailableException("State store is not running; retry once it is running"));
					return;
				}
				if (this.queue.size() >= this.queueCapacity) {
					sink.error(new StateStoreUnavailableException("State store has " + this.queue.size()
							+ " writes waiting for PostgreSQL " + this.endpoint.describe() + "; retry later"));
					return;
				}
				if (this.queue.isEmpty()) {
					this.queued.signal();
				}
				this.queue.add(write);
			}
			finally {
				this.lock.unlock();
			}
		}).publishOn(Schedulers.parallel());
	}

	int pending() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable Instant lastCommit() {
		return this.lastCommit;
	}

	/**
	 * Return why the last batch could not reach PostgreSQL, {@code null} once a batch was
	 * committed or PostgreSQL answered again.
	 */
	@Nullable String lastCommitError() {
		return this.lastCommitError;
	}

	/**
	 * PostgreSQL answered a query: the last commit error no longer describes it.
	 */
	void reachable() {
		this.lastCommitError = null;
	}

	private void run() {
		List<Write> batch = new ArrayList<>();
		for (;;) {
			this.lock.lock();
			try {
				while (this.queue.isEmpty() && this.running) {
					this.queued.awaitUninterruptibly();
				}
				if (this.queue.isEmpty()) {
					return;
				}
				while (!this.queue.isEmpty() && batch.size() < this.maxBatchSize) {
					batch.add(this.queue.poll());
				}
			}
			finally {
				this.lock.unlock();
			}
			try {
				process(batch);
			}
			catch (RuntimeException | Error ex) {
				logger.error("State store writer failed on a batch of " + batch.size() + " writes", ex);
				for (Write write : batch) {
					write.sink().error(ex);
				}
			}
			batch.clear();
		}
	}

	private void process(List<Write> batch) {
		long now = System.nanoTime();
		List<Write> live = new ArrayList<>(batch.size());
		for (Write write : batch) {
			if (now - write.queuedNanos() > this.queryTimeout.toNanos()) {
				write.sink()
					.error(new StateStoreUnavailableException(
							"PostgreSQL " + this.endpoint.describe() + " did not commit earlier writes within "
									+ this.queryTimeout.toMillis() + " ms; the change was not applied; retry later"));
			}
			else {
				live.add(write);
			}
		}
		if (!live.isEmpty()) {
			commitWithRetry(live, now + this.queryTimeout.toNanos());
		}
	}

	private void commitWithRetry(List<Write> writes, long deadline) {
		for (;;) {
			long started = System.nanoTime();
			this.commitSent = false;
			Outcome[] outcomes;
			try {
				outcomes = commit(writes, deadline);
			}
			catch (RuntimeException ex) {
				this.commitFailed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				if (isRetryable(ex) && System.nanoTime() - deadline < 0) {
					this.retries.increment();
					logger.debug("Running a batch of " + writes.size() + " state changes again", ex);
					continue;
				}
				if (writes.size() > 1 && !isRetryable(ex) && !isOutage(ex)) {
					// a change PostgreSQL refuses fails its own caller only
					for (Write write : writes) {
						commitWithRetry(List.of(write), System.nanoTime() + this.queryTimeout.toNanos());
					}
					return;
				}
				RuntimeException failure = failure(ex);
				for (Write write : writes) {
					write.sink().error(failure);
				}
				return;
			}
			long elapsed = System.nanoTime() - started;
			this.commitSucceeded.record(elapsed, TimeUnit.NANOSECONDS);
			int committed = 0;
			for (int i = 0; i < writes.size(); i++) {
				Outcome outcome = outcomes[i];
				MonoSink<StateChange> sink = writes.get(i).sink();
				if (outcome.error() != null) {
					sink.error(outcome.error());
				}
				else if (outcome.change() != null) {
					committed++;
					sink.success(outcome.change());
				}
				else {
					sink.success();
				}
			}
			if (this.lastCommitError != null) {
				logger.info("State changes are committed again");
				this.lastCommitError = null;
			}
			if (committed > 0) {
				this.commitDuration.record(elapsed, TimeUnit.NANOSECONDS);
				this.commitBatchSize.record(committed);
				this.lastCommit = this.clock.instant();
				this.onCommit.run();
			}
			return;
		}
	}

	/**
	 * Run one attempt of a batch. Blocks, until the deadline at most.
	 */
	private Outcome[] commit(List<Write> writes, long deadline) {
		TreeSet<String> keys = new TreeSet<>();
		for (Write write : writes) {
			keys.add(write.key());
		}
		Connection connection = call(Mono.from(this.connectionFactory.create()).retry(2), deadline);
		boolean inTransaction = false;
		boolean failed = false;
		try {
			Map<String, Entry> current = null;
			for (int attempt = 0; current == null; attempt++) {
				run(connection.beginTransaction(), deadline);
				inTransaction = true;
				Map<String, Entry> locked = lockEntries(connection, keys, deadline);
				if (locked.size() == keys.size()) {
					current = locked;
				}
				else {
					Assert.state(attempt == 0, "State entry rows disappeared while being written");
					run(connection.rollbackTransaction(), deadline);
					inTransaction = false;
					List<String> missing = new ArrayList<>();
					for (String key : keys) {
						if (!locked.containsKey(key)) {
							missing.add(key);
						}
					}
					call(PostgresEventLog.update(connection, INSERT_PLACEHOLDERS,
							(Object) missing.toArray(String[]::new)), deadline);
				}
			}
			Instant timestamp = this.clock.instant();
			Outcome[] outcomes = decide(writes, current);
			List<Integer> accepted = new ArrayList<>();
			for (int i = 0; i < outcomes.length; i++) {
				if (outcomes[i].accepted() != null) {
					accepted.add(i);
				}
			}
			if (accepted.isEmpty()) {
				run(connection.rollbackTransaction(), deadline);
				inTransaction = false;
				return outcomes;
			}
			long last = call(apply(connection, writes, outcomes, accepted, timestamp), deadline);
			this.commitSent = true;
			run(connection.commitTransaction(), deadline);
			inTransaction = false;
			long first = last - accepted.size() + 1;
			for (int j = 0; j < accepted.size(); j++) {
				int i = accepted.get(j);
				Write write = writes.get(i);
				Accepted change = outcomes[i].accepted();
				outcomes[i] = new Outcome(new StateChange(first + j, change.type(), write.key(), change.version(),
						timestamp, write.source(), write.quality(), write.value(), change.created()), null, null);
			}
			return outcomes;
		}
		catch (RuntimeException ex) {
			failed = true;
			throw ex;
		}
		finally {
			release(connection, failed && inTransaction);
		}
	}

	/**
	 * Release a connection without waiting, rolling back first if asked: the callers of a
	 * failed batch are answered at once, and the pool gets the connection back only once
	 * the rollback is done (or has failed, or timed out).
	 */
	private static void release(Connection connection, boolean rollback) {
		Mono<Void> rolledBack = rollback ? Mono.from(connection.rollbackTransaction()).timeout(CLEANUP_TIMEOUT)
				: Mono.empty();
		rolledBack.onErrorResume((ex) -> Mono.empty())
			.then(Mono.from(connection.close()))
			.onErrorResume((ex) -> Mono.empty())
			.subscribe();
	}

	private Map<String, Entry> lockEntries(Connection connection, TreeSet<String> keys, long deadline) {
		Map<String, Entry> locked = new HashMap<>();
		call(Flux.from(connection.createStatement(LOCK_ENTRIES).bind(0, keys.toArray(String[]::new)).execute())
			.flatMap((result) -> result.map((row) -> {
				locked.put(PostgresEventLog.string(row, 0),
						new Entry(PostgresEventLog.number(row, 1), Boolean.TRUE.equals(row.get(2, Boolean.class))));
				return 1;
			}))
			.count(), deadline);
		return locked;
	}

	/**
	 * Check each write in order against its key's version at that point of the batch.
	 */
	private Outcome[] decide(List<Write> writes, Map<String, Entry> current) {
		Map<String, Entry> entries = new HashMap<>(current);
		Outcome[] outcomes = new Outcome[writes.size()];
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			Entry entry = entries.get(write.key());
			boolean exists = !entry.deleted();
			long currentVersion = exists ? entry.version() : 0;
			if (write.expectedVersion() != ANY_VERSION && write.expectedVersion() != currentVersion) {
				outcomes[i] = new Outcome(null,
						new StateVersionConflictException(write.key(), write.expectedVersion(), currentVersion), null);
				continue;
			}
			if (write.value() == null && !exists) {
				outcomes[i] = new Outcome(null, null, null);
				continue;
			}
			long version = entry.version() + 1;
			boolean delete = write.value() == null;
			entries.put(write.key(), new Entry(version, delete));
			outcomes[i] = new Outcome(null, null,
					new Accepted(delete ? StateChange.Type.DELETE : StateChange.Type.PUT, version, !delete && !exists));
		}
		return outcomes;
	}

	private Mono<Long> apply(Connection connection, List<Write> writes, Outcome[] outcomes, List<Integer> accepted,
			Instant timestamp) {
		int size = accepted.size();
		Map<String, Integer> lastOfKey = new HashMap<>();
		for (int j = 0; j < size; j++) {
			lastOfKey.put(writes.get(accepted.get(j)).key(), j);
		}
		long time = PostgresEventLog.epochNanos(timestamp);
		String[] keys = new String[size];
		String[] types = new String[size];
		Long[] versions = new Long[size];
		Long[] times = new Long[size];
		String[] sources = new String[size];
		String[] qualities = new String[size];
		String[] values = new String[size];
		Boolean[] created = new Boolean[size];
		Boolean[] last = new Boolean[size];
		for (int j = 0; j < size; j++) {
			Write write = writes.get(accepted.get(j));
			Accepted change = outcomes[accepted.get(j)].accepted();
			keys[j] = write.key();
			types[j] = change.type().name();
			versions[j] = change.version();
			times[j] = time;
			sources[j] = write.source();
			qualities[j] = (write.quality() != null) ? write.quality().name() : null;
			values[j] = write.json();
			created[j] = change.created();
			last[j] = lastOfKey.get(write.key()) == j;
		}
		Statement statement = connection.createStatement(APPLY_CHANGES)
			.bind(0, (long) size)
			.bind(1, keys)
			.bind(2, types)
			.bind(3, versions)
			.bind(4, times)
			.bind(5, sources)
			.bind(6, qualities)
			.bind(7, values)
			.bind(8, created)
			.bind(9, last);
		return Flux.from(statement.execute())
			.flatMap((result) -> result.map((row) -> PostgresEventLog.number(row, 0)))
			.next();
	}

	private void run(Publisher<Void> call, long deadline) {
		call(Mono.from(call).thenReturn(Boolean.TRUE), deadline);
	}

	/**
	 * Block on a database call until the deadline at most.
	 */
	private <T> T call(Mono<T> call, long deadline) {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			throw new DeadlineExceededException();
		}
		T value;
		try {
			value = call.timeout(Duration.ofNanos(remaining)).block();
		}
		catch (RuntimeException ex) {
			if (Exceptions.unwrap(ex) instanceof TimeoutException) {
				throw new DeadlineExceededException();
			}
			throw ex;
		}
		Assert.state(value != null, "No answer from PostgreSQL");
		return value;
	}

	private RuntimeException failure(RuntimeException ex) {
		if (isRetryable(ex)) {
			return new StateStoreUnavailableException(
					"PostgreSQL " + this.endpoint.describe() + " kept reporting conflicts between transactions for "
							+ this.queryTimeout.toMillis() + " ms; the change was not applied; retry later",
					ex);
		}
		if (!isOutage(ex)) {
			return ex;
		}
		String reason = (ex instanceof DeadlineExceededException)
				? "did not answer within " + this.queryTimeout.toMillis() + " ms"
				: "cannot be reached (" + ex.getMessage() + ")";
		if (this.lastCommitError == null) {
			logger.warn("Cannot commit state changes: PostgreSQL " + this.endpoint.describe() + " " + reason
					+ "; writes fail with 503 until it answers again");
		}
		this.lastCommitError = "PostgreSQL " + reason;
		String applied = this.commitSent ? "the change may have been applied: read the key before retrying"
				: "the change was not applied; retry later";
		return new StateStoreUnavailableException(
				"PostgreSQL " + this.endpoint.describe() + " " + reason + "; " + applied, ex);
	}

	private static boolean isOutage(Throwable ex) {
		return ex instanceof DeadlineExceededException || PostgresStatePersistence.isOutage(ex);
	}

	/**
	 * Whether PostgreSQL rolled the transaction back because of another one (deadlock
	 * detected, serialization failure): running it again may succeed.
	 */
	static boolean isRetryable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc) {
				return "40P01".equals(r2dbc.getSqlState()) || "40001".equals(r2dbc.getSqlState());
			}
		}
		return false;
	}

	private record Write(String key, long expectedVersion, @Nullable JsonNode value, @Nullable String json,
			String source, @Nullable Quality quality, MonoSink<StateChange> sink, long queuedNanos) {

	}

	/** A key's version, and whether it holds no value. */
	private record Entry(long version, boolean deleted) {

	}

	/**
	 * What a write came to: a change, a failed condition, or nothing (the delete of a key
	 * without a value).
	 */
	private record Outcome(@Nullable StateChange change, @Nullable RuntimeException error,
			@Nullable Accepted accepted) {

	}

	/**
	 * A change accepted in a batch, before the database gives it its sequence.
	 */
	private record Accepted(StateChange.Type type, long version, boolean created) {

	}

	/**
	 * The batch ran out of time.
	 */
	private static final class DeadlineExceededException extends RuntimeException {

		DeadlineExceededException() {
			super("Deadline exceeded", null, false, false);
		}

	}

}
