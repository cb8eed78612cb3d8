package dev.library.kafka;

import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import dev.library.state.StateChange;
import dev.library.state.StateHistoryUnavailableException;
import dev.library.state.StateStore;
import dev.library.state.StateWatchDroppedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the changes of the state store to the topics the routes name, in sequence
 * order, keyed by state key, and loses none: the state store's event log is the spool.
 * <p>
 * The publisher follows the store from the last sequence the broker acknowledged (kept in
 * a {@link PublishCursor}); on a first start, with no cursor saved yet, from where the
 * store stood when it started ({@link #markFirstStart()}), so that the changes committed
 * while the component waits for the broker are published too. Each change is encoded on
 * the thread that delivers it and its record goes to the producer on one dedicated
 * thread; when the producer's buffer is full that thread waits, and if the store's watch
 * buffer overflows meanwhile the publisher resumes from the event log. When a send fails
 * (the broker stayed unreachable past the producer's {@code delivery.timeout.ms}), the
 * publisher waits for every record in flight, then resumes after the last change
 * acknowledged without a gap, after a delay that doubles up to a maximum. Changes sent
 * again this way may reach the topic twice (at-least-once); the CloudEvent id
 * ({@code state-<sequence>}) tells duplicates apart. Changes the event log no longer
 * holds when publishing resumes are lost and counted in {@code library.kafka.state.gaps}.
 *
 * @author Library
 */
public class StateChangePublisher {

	private static final Log logger = LogFactory.getLog(StateChangePublisher.class);

	private static final Duration CURSOR_SAVE_INTERVAL = Duration.ofSeconds(1);

	private static final Duration FELL_BEHIND_LOG_INTERVAL = Duration.ofMinutes(1);

	private static final long NEVER = Long.MIN_VALUE;

	private final StateStore store;

	private final KafkaEventPublisher publisher;

	private final PublishCursor cursor;

	private final @Nullable StateChangeTraces traces;

	private final Duration retryDelay;

	private final Duration maxRetryDelay;

	private final UnacknowledgedChanges unacknowledged = new UnacknowledgedChanges();

	private final Object failureLock = new Object();

	// Acknowledged while an older change was not: skipped when publishing resumes before
	// them, so that a resume sends no change twice. Read and written on the publisher's
	// thread (and at stop), hardly ever holds anything
	private final ConcurrentSkipListSet<Long> acknowledgedAhead = new ConcurrentSkipListSet<>();

	private final AtomicLong lastSent = new AtomicLong(PublishCursor.NONE);

	private final AtomicLong savedCursor = new AtomicLong(PublishCursor.NONE);

	private final AtomicLong fellBehind = new AtomicLong();

	private final AtomicLong firstStart = new AtomicLong(PublishCursor.NONE);

	// System.nanoTime() of the last line logged, NEVER before the first
	private volatile long fellBehindLogged = NEVER;

	private final Counter gaps;

	private final Counter resumes;

	private volatile @Nullable Throwable failure;

	private volatile Duration nextDelay;

	private volatile @Nullable Scheduler scheduler;

	private volatile @Nullable Disposable subscription;

	private volatile @Nullable Disposable cursorSaver;

	private volatile boolean running;

	/**
	 * Create a publisher.
	 * @param store the state store
	 * @param publisher sends the records
	 * @param cursor where the acknowledged sequence is kept
	 * @param traces the traces the changes were written in, or {@code null}
	 * @param retryDelay first wait after a failed send
	 * @param maxRetryDelay longest wait after failed sends
	 * @param registry where the meters go
	 */
	public StateChangePublisher(StateStore store, KafkaEventPublisher publisher, PublishCursor cursor,
			@Nullable StateChangeTraces traces, Duration retryDelay, Duration maxRetryDelay, MeterRegistry registry) {
		this.store = store;
		this.publisher = publisher;
		this.cursor = cursor;
		this.traces = traces;
		this.retryDelay = retryDelay;
		this.maxRetryDelay = maxRetryDelay;
		this.nextDelay = retryDelay;
		this.gaps = Counter.builder("library.kafka.state.gaps")
			.description("State changes never published because the event log no longer held them")
			.baseUnit("changes")
			.register(registry);
		this.resumes = Counter.builder("library.kafka.state.resumes")
			.description("Times publishing resumed from the event log after a failed send or an overflow")
			.register(registry);
		Gauge.builder("library.kafka.state.pending", this.unacknowledged, UnacknowledgedChanges::pending)
			.description("State changes handed to the producer and not acknowledged yet")
			.baseUnit("changes")
			.register(registry);
		Gauge.builder("library.kafka.state.backlog", this, StateChangePublisher::backlog)
			.description("State changes committed to the store and not acknowledged by the broker yet: the depth "
					+ "of the spool (the event log) still to publish")
			.baseUnit("changes")
			.register(registry);
		Gauge.builder("library.kafka.state.acknowledged", this, StateChangePublisher::acknowledged)
			.description("Sequence of the last state change acknowledged by the broker, with none missing before it")
			.register(registry);
	}

	/**
	 * Note the store's committed sequence as the point a first start publishes after, so
	 * that it is the moment the store started rather than the later one when the broker
	 * could be reached. Only the first call counts.
	 */
	public void markFirstStart() {
		this.firstStart.compareAndSet(PublishCursor.NONE, this.store.committedSequence());
	}

	/**
	 * Start following the store after the saved cursor or, on a first start with none
	 * saved, after the sequence {@link #markFirstStart()} noted (or the store's committed
	 * sequence now, when it was not called). Blocks while reading the cursor.
	 */
	public synchronized void start() {
		long saved = this.cursor.read();
		// On a first start the saver writes the cursor at once: a restart before the
		// first acknowledgement resumes from the same point
		this.savedCursor.set(saved);
		long after = saved;
		if (saved == PublishCursor.NONE) {
			markFirstStart();
			after = this.firstStart.get();
			logger.info("No Kafka publish cursor in " + this.cursor.file()
					+ " yet: publishing the state changes after sequence " + after);
		}
		this.lastSent.set(after);
		Scheduler scheduler = Schedulers.newSingle("kafka-state-publisher", true);
		this.scheduler = scheduler;
		this.running = true;
		this.cursorSaver = scheduler.schedulePeriodically(this::saveCursor, CURSOR_SAVE_INTERVAL.toMillis(),
				CURSOR_SAVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		follow(after);
	}

	/**
	 * Stop following the store, wait up to a timeout for the records in flight and save
	 * the cursor. Blocks.
	 * @param timeout how long to wait for acknowledgements
	 */
	public synchronized void stop(Duration timeout) {
		this.running = false;
		dispose(this.subscription);
		dispose(this.cursorSaver);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.unacknowledged.pending() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		saveCursor();
		Scheduler scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.dispose();
		}
	}

	/**
	 * Return whether the publisher follows the store: from {@link #start()} (called once
	 * the component has checked its topics) to {@link #stop(Duration)}.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the sequence of the last change acknowledged with none missing before it:
	 * where publishing would resume now.
	 * @return the sequence, or {@link PublishCursor#NONE}
	 */
	public long acknowledged() {
		// Read before the oldest: a change is added before it is the last sent
		long sent = this.lastSent.get();
		long oldest = this.unacknowledged.oldest();
		return (oldest != Long.MAX_VALUE) ? Math.min(oldest - 1, sent) : sent;
	}

	/**
	 * Return how many changes were committed to the store after the last one the broker
	 * acknowledged with none missing before it: what waits in the event log (or in
	 * flight) to be published. Changes routed to no topic count until the publisher
	 * passes them.
	 * @return the count, 0 before the publisher has followed any change
	 */
	public long backlog() {
		long acknowledged = acknowledged();
		return (acknowledged != PublishCursor.NONE) ? Math.max(0, this.store.committedSequence() - acknowledged) : 0;
	}

	/**
	 * Return how many changes wait for the broker's acknowledgement.
	 * @return the count
	 */
	public int pending() {
		return this.unacknowledged.pending();
	}

	/**
	 * Return the last failure of a send, while publishing waits to resume.
	 * @return the failure, or {@code null} while publishing runs
	 */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	private void follow(long after) {
		Scheduler scheduler = this.scheduler;
		if (!this.running || scheduler == null) {
			return;
		}
		// Encoded on the thread that delivers the changes, sent on the publisher's: the
		// two halves of the work run side by side on two cores
		this.subscription = this.store.watch("", after)
			.map(this::encode)
			.publishOn(scheduler, 1024)
			.subscribe(this::publish, this::watchFailed, () -> logger.debug("State store stopped"));
	}

	private OutgoingChange encode(StateChange change) {
		String topic = this.publisher.routes().stateTopic(change.key());
		return new OutgoingChange(change.sequence(),
				(topic != null) ? this.publisher.record(topic, event(change)) : null);
	}

	private void publish(OutgoingChange change) {
		if (this.failure != null) {
			// Waiting to resume from the event log: later changes come again from there
			return;
		}
		long sequence = change.sequence();
		ProducerRecord<String, byte[]> record = change.record();
		if (record == null || this.acknowledgedAhead.remove(sequence)) {
			// Routed to no topic, or on the topic already
			this.lastSent.set(sequence);
			return;
		}
		UnacknowledgedChanges.Sent sent = this.unacknowledged.add(sequence);
		this.lastSent.set(sequence);
		// Runs on the producer's I/O thread, which every record waits for: kept short
		send(record, sequence, (metadata, ex) -> {
			if (ex == null) {
				this.unacknowledged.acknowledge(sent);
				if (this.nextDelay != this.retryDelay) {
					this.nextDelay = this.retryDelay;
				}
			}
			else {
				sendFailed(sequence, ex);
			}
		});
	}

	private void send(ProducerRecord<String, byte[]> record, long sequence,
			BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> callback) {
		Observation writer = (this.traces != null) ? this.traces.take(sequence) : null;
		if (writer == null) {
			// No trace leads to this change (an adapter's reading, a resend): a span of
			// its own per record would cost at every change and tell nothing
			this.publisher.sendUnobserved(record, callback);
			return;
		}
		// The producer's observation becomes a child of the writer's (its trace goes on)
		try (Observation.Scope scope = writer.openScope()) {
			this.publisher.send(record, callback);
		}
	}

	private CloudEvent event(StateChange change) {
		boolean put = change.type() == StateChange.Type.PUT;
		return new CloudEvent("state-" + change.sequence(), put ? CloudEvent.STATE_CHANGED : CloudEvent.STATE_DELETED,
				change.key(), change.timestamp(), change.key(), change);
	}

	private void sendFailed(long sequence, Throwable ex) {
		synchronized (this.failureLock) {
			if (this.failure != null) {
				return;
			}
			this.failure = ex;
		}
		this.publisher.abort();
		Duration delay = this.nextDelay;
		this.nextDelay = min(delay.multipliedBy(2), this.maxRetryDelay);
		logger.warn("State change " + sequence + " not delivered to Kafka (" + ex.getMessage()
				+ "); publishing resumes from the event log in " + delay);
		Scheduler scheduler = this.scheduler;
		if (scheduler != null && this.running) {
			scheduler.schedule(this::resume, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void watchFailed(Throwable ex) {
		if (ex instanceof StateWatchDroppedException) {
			// The producer fell behind the store: read the rest from the event log
			logFellBehind();
			resumeOnScheduler(Duration.ZERO);
		}
		else if (ex instanceof StateHistoryUnavailableException unavailable) {
			long lost = unavailable.getResumeAfter() - unavailable.getRequested();
			logger.error("State changes after " + unavailable.getRequested() + " up to " + unavailable.getResumeAfter()
					+ " are no longer in the event log and were not published to Kafka");
			this.gaps.increment(Math.max(lost, 0));
			this.lastSent.set(unavailable.getResumeAfter());
			this.acknowledgedAhead.addAll(this.unacknowledged.acknowledgedAhead());
			this.unacknowledged.clear();
			resumeOnScheduler(Duration.ZERO);
		}
		else {
			logger.error("Following the state store for Kafka failed; retrying in " + this.nextDelay, ex);
			resumeOnScheduler(this.nextDelay);
		}
	}

	private void logFellBehind() {
		// Under a sustained burst this happens several times a second: one line a minute
		long now = System.nanoTime();
		long behind = this.fellBehind.incrementAndGet();
		if (this.fellBehindLogged == NEVER || now - this.fellBehindLogged >= FELL_BEHIND_LOG_INTERVAL.toNanos()) {
			this.fellBehindLogged = now;
			this.fellBehind.set(0);
			String times = (behind > 1) ? " (" + behind + " times since this was last logged)" : "";
			logger.info("Kafka publishing fell behind the state store" + times + "; resuming from the event log");
		}
	}

	private void resumeOnScheduler(Duration delay) {
		Scheduler scheduler = this.scheduler;
		if (scheduler != null && this.running) {
			scheduler.schedule(this::resume, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void resume() {
		if (!this.running) {
			return;
		}
		dispose(this.subscription);
		// Every record in flight completes (acknowledged or failed) before the resume
		// point is known
		this.publisher.flush();
		long after = acknowledged();
		this.acknowledgedAhead.addAll(this.unacknowledged.acknowledgedAhead());
		this.unacknowledged.clear();
		this.acknowledgedAhead.headSet(after, true).clear();
		this.lastSent.set(after);
		this.failure = null;
		this.resumes.increment();
		saveCursor();
		follow(after);
	}

	private void saveCursor() {
		long acknowledged = acknowledged();
		this.acknowledgedAhead.headSet(acknowledged, true).clear();
		if (acknowledged != PublishCursor.NONE && acknowledged != this.savedCursor.get()) {
			try {
				this.cursor.save(acknowledged);
				this.savedCursor.set(acknowledged);
			}
			catch (RuntimeException ex) {
				logger.warn(ex.getMessage());
			}
		}
	}

	private static void dispose(@Nullable Disposable disposable) {
		if (disposable != null) {
			disposable.dispose();
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * A change and its record, encoded before it reaches the publisher's thread.
	 *
	 * @param sequence the change's sequence
	 * @param record the record, or {@code null} when no route leads the change to a topic
	 */
	private record OutgoingChange(long sequence, @Nullable ProducerRecord<String, byte[]> record) {

	}

}
