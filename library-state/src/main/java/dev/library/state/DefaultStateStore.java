package dev.library.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.library.schema.SchemaRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * The {@link StateStore} of a single instance: the live state in memory, made durable by
 * a {@link StatePersistence}.
 * <p>
 * <b>Writes.</b> A write is validated (key, size, schema) on the caller's thread, then
 * applied under a short lock that assigns its version and sequence, updates the in-memory
 * state and queues the change; no I/O happens under the lock. Readers never lock.
 * <p>
 * <b>Commits.</b> One writer thread takes every queued change at once and commits them in
 * batches of at most {@code maxBatchSize} (group commit), in sequence order. In
 * {@link Durability#SYNC} mode a write completes after its batch is committed; in
 * {@link Durability#ASYNC} mode, and with a persistence that is not durable, as soon as
 * it is applied. A failed commit is retried, with back-off, until it succeeds or the
 * store stops; meanwhile the health shows the error and writes are refused once
 * {@code writerQueueCapacity} changes wait.
 * <p>
 * <b>Watchers</b> receive changes after they are committed, in sequence order: what a
 * watcher has seen is in the event log, so it can resume from it.
 * <p>
 * <b>Reads</b> see a change as soon as it is applied, possibly a few milliseconds before
 * it is committed.
 * <p>
 * {@link #start()} opens the persistence and loads the state; {@link #stop()} commits
 * every applied change, completes the watchers and closes the persistence.
 *
 * @author Library
 */
public class DefaultStateStore implements StateStore {

	private static final Log logger = LogFactory.getLog(DefaultStateStore.class);

	private static final long ANY_VERSION = -1;

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

	private final StatePersistence persistence;

	private final StateStoreOptions options;

	private final StateWriteValidator validator;

	private final Clock clock;

	private final boolean acknowledgeAfterCommit;

	private final Scheduler readScheduler = Schedulers.boundedElastic();

	/** Every key ever written, deleted ones included, for point reads and writes. */
	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * The keys of {@link #entries}, sorted, for listing. Written under {@link #lock} and
	 * only when a key is new, so that updates of existing keys stay one hash lookup.
	 */
	private final ConcurrentSkipListSet<String> sortedKeys = new ConcurrentSkipListSet<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changesQueued = this.lock.newCondition();

	/** Guarded by {@link #lock}. */
	private ArrayList<StateChange> queuedChanges = new ArrayList<>();

	/**
	 * Guarded by {@link #lock}; parallel to {@link #queuedChanges} when acknowledging
	 * after commit.
	 */
	private ArrayList<MonoSink<StateChange>> queuedAcks = new ArrayList<>();

	/** Guarded by {@link #lock}: the last sequence assigned. */
	private long sequence;

	/** Written under {@link #lock}. */
	private volatile int liveKeys;

	private volatile long committedSequence;

	private volatile Status status = Status.NEW;

	private final StateWatchers watchers;

	private final List<StateWriteListener> writeListeners = new CopyOnWriteArrayList<>();

	private final StateWatchers.EventLog eventLog = new StateWatchers.EventLog() {

		@Override
		public long committedSequence() {
			return DefaultStateStore.this.committedSequence;
		}

		@Override
		public List<StateChange> read(String prefix, long afterSequence, int limit) {
			return DefaultStateStore.this.persistence.readEvents(null, prefix, null, null, afterSequence, limit);
		}

		@Override
		public long firstRetainedSequence() {
			return DefaultStateStore.this.persistence.firstRetainedSequence();
		}

	};

	private volatile WriterListener writerListener = WriterListener.NONE;

	private @Nullable Thread writer;

	private @Nullable ScheduledExecutorService retention;

	private volatile @Nullable String lastCommitError;

	private volatile @Nullable Instant lastCommitTime;

	private final Counter puts;

	private final Counter deletes;

	private final Timer commitDuration;

	private final DistributionSummary commitBatchSize;

	/**
	 * Create a new store. Call {@link #start()} before using it.
	 * @param persistence where state and event log are kept
	 * @param options the settings
	 * @param jsonMapper measures the size of values
	 * @param schemas validates values against the schema registered for their key, or
	 * {@code null} to validate nothing
	 * @param meters where the store's meters are registered
	 * @param clock gives the timestamps of changes
	 */
	public DefaultStateStore(StatePersistence persistence, StateStoreOptions options, JsonMapper jsonMapper,
			@Nullable SchemaRegistry schemas, MeterRegistry meters, Clock clock) {
		Assert.notNull(persistence, "'persistence' must not be null");
		Assert.notNull(options, "'options' must not be null");
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		Assert.notNull(meters, "'meters' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.persistence = persistence;
		this.options = options;
		this.validator = new StateWriteValidator(options.maxValueSize(), jsonMapper, schemas);
		this.clock = clock;
		this.acknowledgeAfterCommit = persistence.isDurable() && options.durability() == Durability.SYNC;
		Counter dropped = Counter.builder("library.state.watchers.dropped")
			.description("Watchers dropped because they fell further behind than their buffer")
			.baseUnit("watchers")
			.register(meters);
		this.watchers = new StateWatchers(options.watchBufferSize(), dropped);
		this.puts = changesCounter(meters, "put");
		this.deletes = changesCounter(meters, "delete");
		this.commitDuration = Timer.builder("library.state.commit.duration")
			.description("Time to commit one batch of state changes")
			.register(meters);
		this.commitBatchSize = DistributionSummary.builder("library.state.commit.batch.size")
			.description("State changes committed per batch")
			.baseUnit("changes")
			.register(meters);
		Gauge.builder("library.state.keys", this, (store) -> store.liveKeys)
			.description("Keys holding a value")
			.baseUnit("keys")
			.register(meters);
		Gauge.builder("library.state.watchers", this.watchers, StateWatchers::size)
			.description("Subscribers following state changes")
			.baseUnit("watchers")
			.register(meters);
		Gauge.builder("library.state.writer.pending", this, DefaultStateStore::pendingChanges)
			.description("State changes applied but not yet committed")
			.baseUnit("changes")
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
	 * Set who is told when commits start failing and when they succeed again.
	 * @param writerListener the listener
	 */
	public void setWriterListener(WriterListener writerListener) {
		Assert.notNull(writerListener, "'writerListener' must not be null");
		this.writerListener = writerListener;
	}

	/**
	 * Open the persistence, load the state and start the writer. Blocks. A stopped store
	 * may be started again: it loads its state anew.
	 * @throws StatePersistenceException if the persistence cannot be opened
	 */
	public void start() {
		this.lock.lock();
		try {
			Assert.state(this.status == Status.NEW || this.status == Status.STOPPED,
					() -> "State store is " + this.status.name().toLowerCase());
			this.status = Status.STARTING;
			this.entries.clear();
			this.sortedKeys.clear();
			this.queuedChanges.clear();
			this.queuedAcks.clear();
			this.lastCommitError = null;
		}
		finally {
			this.lock.unlock();
		}
		StateSnapshot snapshot;
		try {
			snapshot = this.persistence.open();
		}
		catch (RuntimeException ex) {
			this.status = Status.STOPPED;
			throw ex;
		}
		int live = 0;
		for (StateSnapshot.Entry entry : snapshot.entries()) {
			this.entries.put(entry.key(), new Entry(entry.version(), entry.value()));
			this.sortedKeys.add(entry.key());
			live += (entry.value() != null) ? 1 : 0;
		}
		Thread writer = new Thread(this::runWriter, "library-state-writer");
		writer.setDaemon(true);
		ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "library-state-retention");
			thread.setDaemon(true);
			return thread;
		});
		this.lock.lock();
		try {
			this.sequence = snapshot.lastSequence();
			this.committedSequence = snapshot.lastSequence();
			this.liveKeys = live;
			this.writer = writer;
			this.retention = retention;
			this.status = Status.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
		writer.start();
		long interval = this.options.retentionInterval().toMillis();
		retention.scheduleWithFixedDelay(this::applyRetention, interval, interval, TimeUnit.MILLISECONDS);
		logger.info("State store started (" + this.persistence.describe() + ", "
				+ (this.acknowledgeAfterCommit ? "sync" : "async") + "): " + live + " keys, last sequence "
				+ snapshot.lastSequence());
	}

	/**
	 * Stop accepting writes, commit every change applied so far, complete the watchers
	 * and close the persistence. Blocks; if interrupted, changes not yet committed are
	 * lost and their writers get an error (in {@link Durability#SYNC} mode). Does nothing
	 * if the store is not running.
	 */
	public void stop() {
		Thread writer;
		this.lock.lock();
		try {
			if (this.status != Status.RUNNING) {
				return;
			}
			this.status = Status.STOPPING;
			this.changesQueued.signalAll();
			writer = this.writer;
		}
		finally {
			this.lock.unlock();
		}
		ScheduledExecutorService retention = this.retention;
		if (retention != null) {
			retention.shutdownNow();
		}
		boolean interrupted = false;
		try {
			if (writer != null) {
				writer.join();
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
			logger.warn("Interrupted while committing the last state changes; those not committed are lost");
			writer.interrupt();
			joinQuietly(writer);
		}
		try {
			if (retention != null) {
				retention.awaitTermination(2, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		this.watchers.closeAll();
		try {
			this.persistence.close();
		}
		finally {
			this.status = Status.STOPPED;
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			logger.info("State store stopped at sequence " + this.committedSequence);
		}
	}

	private static void joinQuietly(Thread thread) {
		boolean interrupted = Thread.interrupted();
		try {
			thread.join(2000);
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public Mono<StateValue> get(String key) {
		return Mono.fromCallable(() -> {
			StateKeys.validate(key);
			checkLoaded();
			Entry entry = this.entries.get(key);
			return (entry != null) ? entry.value() : null;
		});
	}

	@Override
	public Mono<StatePage> list(String prefix, int limit, @Nullable String cursor) {
		return Mono.fromCallable(() -> {
			String normalized = StateKeys.validatePrefix(prefix);
			Assert.isTrue(limit > 0, "'limit' must be positive");
			String after = (cursor != null) ? Cursors.decodeKey(cursor) : null;
			checkLoaded();
			NavigableSet<String> range = range(normalized, after);
			List<StateValue> values = new ArrayList<>(Math.min(limit, 64));
			boolean more = false;
			for (String key : range) {
				Entry entry = this.entries.get(key);
				StateValue value = (entry != null) ? entry.value() : null;
				if (value == null || !StateKeys.isUnder(value.key(), normalized)) {
					continue;
				}
				if (values.size() == limit) {
					more = true;
					break;
				}
				values.add(value);
			}
			return new StatePage(values, more ? Cursors.key(values.get(values.size() - 1).key()) : null);
		});
	}

	/**
	 * Return the keys that may lie under a prefix, after a key: those from the prefix to
	 * the prefix followed by {@code '/'}, the character after {@code '.'} (keys such as
	 * {@code prefix-x} fall in between and are filtered out by the caller).
	 */
	private NavigableSet<String> range(String prefix, @Nullable String after) {
		if (prefix.isEmpty()) {
			return (after != null) ? this.sortedKeys.tailSet(after, false) : this.sortedKeys;
		}
		String upper = prefix + "/";
		if (after == null || after.compareTo(prefix) < 0) {
			return this.sortedKeys.subSet(prefix, true, upper, false);
		}
		if (after.compareTo(upper) >= 0) {
			return Collections.emptyNavigableSet();
		}
		return this.sortedKeys.subSet(after, false, upper, false);
	}

	@Override
	public Mono<StateChange> put(String key, JsonNode value, String source, Quality quality) {
		return write((ack) -> applyPut(key, ANY_VERSION, value, source, quality, ack));
	}

	@Override
	public Mono<StateChange> compareAndSet(String key, long expectedVersion, JsonNode value, String source,
			Quality quality) {
		Assert.isTrue(expectedVersion >= 0, "'expectedVersion' must not be negative");
		return write((ack) -> applyPut(key, expectedVersion, value, source, quality, ack));
	}

	@Override
	public Mono<StateChange> delete(String key, String source) {
		return write((ack) -> applyDelete(key, ANY_VERSION, source, ack));
	}

	@Override
	public Mono<StateChange> delete(String key, long expectedVersion, String source) {
		Assert.isTrue(expectedVersion > 0, "'expectedVersion' must be positive");
		return write((ack) -> applyDelete(key, expectedVersion, source, ack));
	}

	private Mono<StateChange> write(Write write) {
		if (!this.acknowledgeAfterCommit) {
			return Mono.fromCallable(() -> write.apply(null));
		}
		return Mono.<StateChange>create((sink) -> {
			try {
				if (write.apply(sink) == null) {
					sink.success();
				}
			}
			catch (RuntimeException ex) {
				sink.error(ex);
			}
		}).publishOn(Schedulers.parallel());
	}

	private StateChange applyPut(String key, long expectedVersion, JsonNode value, String source, Quality quality,
			@Nullable MonoSink<StateChange> ack) {
		JsonNode stored = this.validator.validatePut(key, value, source, quality);
		this.lock.lock();
		try {
			checkWritable();
			Entry current = this.entries.get(key);
			boolean exists = current != null && current.value() != null;
			long currentVersion = exists ? current.version() : 0;
			if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
				throw new StateVersionConflictException(key, expectedVersion, currentVersion);
			}
			long version = ((current != null) ? current.version() : 0) + 1;
			StateChange change = new StateChange(++this.sequence, StateChange.Type.PUT, key, version,
					this.clock.instant(), source, quality, stored, !exists);
			if (this.entries.put(key, new Entry(version, change.toValue())) == null) {
				this.sortedKeys.add(key);
			}
			if (!exists) {
				this.liveKeys++;
			}
			written(change);
			queue(change, ack);
			return change;
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable StateChange applyDelete(String key, long expectedVersion, String source,
			@Nullable MonoSink<StateChange> ack) {
		this.validator.validateDelete(key, source);
		this.lock.lock();
		try {
			checkWritable();
			Entry current = this.entries.get(key);
			boolean exists = current != null && current.value() != null;
			long currentVersion = exists ? current.version() : 0;
			if (expectedVersion != ANY_VERSION && expectedVersion != currentVersion) {
				throw new StateVersionConflictException(key, expectedVersion, currentVersion);
			}
			if (!exists) {
				return null;
			}
			long version = current.version() + 1;
			StateChange change = new StateChange(++this.sequence, StateChange.Type.DELETE, key, version,
					this.clock.instant(), source, null, null, false);
			this.entries.put(key, new Entry(version, null));
			this.liveKeys--;
			written(change);
			queue(change, ack);
			return change;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Called under {@link #lock}. */
	private void written(StateChange change) {
		for (StateWriteListener listener : this.writeListeners) {
			try {
				listener.written(change);
			}
			catch (RuntimeException ex) {
				logger.warn("State write listener failed: " + ex.getMessage());
			}
		}
	}

	/**
	 * Add a listener told of each change on the thread that writes it, before watchers
	 * see it.
	 * @param listener the listener
	 */
	public void addWriteListener(StateWriteListener listener) {
		this.writeListeners.add(listener);
	}

	/** Called under {@link #lock}. */
	private void queue(StateChange change, @Nullable MonoSink<StateChange> ack) {
		if (this.queuedChanges.isEmpty()) {
			this.changesQueued.signal();
		}
		this.queuedChanges.add(change);
		if (ack != null) {
			this.queuedAcks.add(ack);
		}
	}

	/** Called under {@link #lock}. */
	private void checkWritable() {
		if (this.status != Status.RUNNING) {
			throw new StateStoreUnavailableException(
					"State store is " + this.status.name().toLowerCase() + "; retry once it is running");
		}
		if (this.queuedChanges.size() >= this.options.writerQueueCapacity()) {
			throw new StateStoreUnavailableException("State store is " + this.queuedChanges.size()
					+ " changes behind its writer (" + this.persistence.describe() + "); retry later");
		}
	}

	private void checkLoaded() {
		Status status = this.status;
		if (status == Status.NEW || status == Status.STARTING) {
			throw new StateStoreUnavailableException("State store is starting; retry once it is running");
		}
	}

	private void checkRunning() {
		if (this.status != Status.RUNNING) {
			throw new StateStoreUnavailableException(
					"State store is " + this.status.name().toLowerCase() + "; retry once it is running");
		}
	}

	@Override
	public long committedSequence() {
		return this.committedSequence;
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
			long committed = this.committedSequence;
			if (afterSequence > committed) {
				return Flux.error(new StateHistoryUnavailableException(StateHistoryUnavailableException.Reason.UNKNOWN,
						afterSequence, committed));
			}
			return this.watchers.watch(normalized, afterSequence, this.eventLog, this.readScheduler);
		});
	}

	@Override
	public Mono<EventPage> events(EventQuery query) {
		return Mono.fromCallable(() -> {
			String key = (query.key() != null) ? StateKeys.validate(query.key()) : null;
			String prefix = (query.prefix() != null) ? StateKeys.validatePrefix(query.prefix()) : "";
			long after = (query.cursor() != null) ? Cursors.decodeSequence(query.cursor()) : 0;
			checkRunning();
			List<StateChange> events = this.persistence.readEvents(key, prefix, query.since(), query.until(), after,
					query.limit() + 1);
			boolean more = events.size() > query.limit();
			List<StateChange> page = more ? events.subList(0, query.limit()) : events;
			return new EventPage(page, more ? Cursors.sequence(page.get(page.size() - 1).sequence()) : null);
		}).subscribeOn(this.readScheduler);
	}

	private void runWriter() {
		ArrayList<StateChange> spareChanges = new ArrayList<>();
		ArrayList<MonoSink<StateChange>> spareAcks = new ArrayList<>();
		try {
			for (;;) {
				ArrayList<StateChange> changes;
				ArrayList<MonoSink<StateChange>> acks;
				this.lock.lock();
				try {
					while (this.queuedChanges.isEmpty() && this.status == Status.RUNNING) {
						this.changesQueued.await();
					}
					if (this.queuedChanges.isEmpty()) {
						return;
					}
					changes = this.queuedChanges;
					acks = this.queuedAcks;
					this.queuedChanges = spareChanges;
					this.queuedAcks = spareAcks;
				}
				finally {
					this.lock.unlock();
				}
				commit(changes, acks);
				changes.clear();
				acks.clear();
				spareChanges = changes;
				spareAcks = acks;
			}
		}
		catch (InterruptedException ex) {
			this.lock.lock();
			try {
				fail(this.queuedAcks, 0);
				this.queuedChanges.clear();
				this.queuedAcks.clear();
			}
			finally {
				this.lock.unlock();
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("State store writer failed; changes are no longer committed", ex);
			this.lastCommitError = "Writer failed: " + ex.getMessage();
			throw ex;
		}
	}

	/**
	 * Commit changes in batches, acknowledge them and hand them to the watchers. Called
	 * from the writer thread.
	 */
	private void commit(List<StateChange> changes, List<MonoSink<StateChange>> acks) throws InterruptedException {
		int batchSize = this.options.maxBatchSize();
		for (int from = 0; from < changes.size(); from += batchSize) {
			int to = Math.min(changes.size(), from + batchSize);
			List<StateChange> batch = changes.subList(from, to);
			try {
				commitWithRetry(batch);
			}
			catch (InterruptedException ex) {
				fail(acks, from);
				throw ex;
			}
			for (int i = from; i < to && i < acks.size(); i++) {
				acks.get(i).success(changes.get(i));
			}
			this.watchers.dispatch(batch);
		}
	}

	private void commitWithRetry(List<StateChange> batch) throws InterruptedException {
		long delay = 50;
		long started;
		for (;;) {
			started = System.nanoTime();
			try {
				this.persistence.commit(batch);
				break;
			}
			catch (RuntimeException ex) {
				boolean first = this.lastCommitError == null;
				this.lastCommitError = ex.getMessage();
				if (first) {
					logger.error("Cannot commit " + batch.size() + " state changes; retrying until it succeeds", ex);
					this.writerListener.failing(String.valueOf(ex.getMessage()));
				}
				else {
					logger.debug("Commit retry failed", ex);
				}
				Thread.sleep(delay);
				delay = Math.min(delay * 2, MAX_RETRY_DELAY.toMillis());
			}
		}
		this.commitDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		this.commitBatchSize.record(batch.size());
		int deleted = 0;
		for (StateChange change : batch) {
			deleted += (change.type() == StateChange.Type.DELETE) ? 1 : 0;
		}
		this.puts.increment(batch.size() - deleted);
		this.deletes.increment(deleted);
		this.committedSequence = batch.get(batch.size() - 1).sequence();
		this.lastCommitTime = this.clock.instant();
		if (this.lastCommitError != null) {
			this.lastCommitError = null;
			logger.info("State changes are committed again");
			this.writerListener.recovered();
		}
	}

	private static void fail(List<MonoSink<StateChange>> acks, int from) {
		for (int i = from; i < acks.size(); i++) {
			acks.get(i)
				.error(new StateStoreUnavailableException(
						"State store stopped before the change was committed; it is lost"));
		}
	}

	private void applyRetention() {
		try {
			long removed = this.persistence.applyRetention(this.clock.instant().minus(this.options.retentionMaxAge()),
					this.options.retentionMaxCount());
			if (removed > 0 && logger.isDebugEnabled()) {
				logger.debug("Removed " + removed + " changes from the event log");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot apply the event log retention: " + ex.getMessage());
		}
	}

	/**
	 * Apply the event log retention now rather than at the next interval. Blocks.
	 */
	public void applyRetentionNow() {
		checkRunning();
		applyRetention();
	}

	private int pendingChanges() {
		this.lock.lock();
		try {
			return this.queuedChanges.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return what the store is doing, for health and diagnostics.
	 * @return the status
	 */
	public StateStoreStatus status() {
		return new StateStoreStatus(this.status == Status.RUNNING, this.status.name().toLowerCase(),
				this.persistence.describe(), this.acknowledgeAfterCommit ? Durability.SYNC : Durability.ASYNC,
				this.liveKeys, this.committedSequence, pendingChanges(), this.watchers.size(), this.lastCommitTime,
				this.lastCommitError);
	}

	/**
	 * Told when commits start failing and when they succeed again. Called from the writer
	 * thread: return quickly.
	 */
	public interface WriterListener {

		/**
		 * A listener that does nothing.
		 */
		WriterListener NONE = new WriterListener() {

			@Override
			public void failing(String reason) {
			}

			@Override
			public void recovered() {
			}

		};

		/**
		 * Commits fail and are being retried.
		 * @param reason why the first one failed
		 */
		void failing(String reason);

		/**
		 * A commit succeeded after failures.
		 */
		void recovered();

	}

	private enum Status {

		NEW, STARTING, RUNNING, STOPPING, STOPPED

	}

	/**
	 * A key's last version and its value, {@code null} once deleted.
	 */
	private record Entry(long version, @Nullable StateValue value) {

	}

	@FunctionalInterface
	private interface Write {

		@Nullable StateChange apply(@Nullable MonoSink<StateChange> ack);

	}

}
