package dev.library.state;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One subscriber of {@link StateStore#watch}: a bounded buffer filled by the store's
 * writer thread and drained as the subscriber requests.
 * <p>
 * A watcher that resumes after a sequence starts {@link #CATCHING_UP}: the store replays
 * the event log to it while live changes collect in the buffer. If the buffer fills
 * during the replay the watcher is {@link #OVERFLOWED}: live changes are ignored and the
 * replay runs again from where it got (they are all in the log). Once {@link #LIVE}, a
 * full buffer drops the watcher: the buffer is discarded and the subscriber gets
 * {@link StateWatchDroppedException} at once. Every change is emitted once, in sequence
 * order: a change at or below the last emitted sequence is skipped.
 *
 * @author Library
 */
final class Watcher {

	static final int CATCHING_UP = 0;

	static final int OVERFLOWED = 1;

	static final int LIVE = 2;

	static final int DROPPED = 3;

	static final int CLOSED = 4;

	private static final int LIVE_PREFETCH = 32;

	private final String prefix;

	private final int bufferSize;

	private final ArrayBlockingQueue<StateChange> buffer;

	private final AtomicInteger state;

	private final AtomicInteger wip = new AtomicInteger();

	private volatile long lastSequence;

	/**
	 * Sequence of the last change the subscriber received, behind {@link #lastSequence}
	 * by what is in flight between the buffer and the subscriber.
	 */
	private volatile long deliveredSequence;

	private volatile @Nullable FluxSink<StateChange> sink;

	private boolean terminated;

	Watcher(String prefix, int bufferSize, long afterSequence, boolean live) {
		this.prefix = prefix;
		this.bufferSize = bufferSize;
		this.buffer = new ArrayBlockingQueue<>(bufferSize);
		this.state = new AtomicInteger(live ? LIVE : CATCHING_UP);
		this.lastSequence = afterSequence;
	}

	String prefix() {
		return this.prefix;
	}

	long lastSequence() {
		return this.lastSequence;
	}

	boolean isClosed() {
		return this.state.get() >= DROPPED;
	}

	/**
	 * Record that the replay emitted a change.
	 * @param change the change
	 */
	void emitted(StateChange change) {
		this.lastSequence = change.sequence();
	}

	/**
	 * Offer committed changes. Called from the writer thread only.
	 * @param changes the changes, in sequence order
	 * @return {@link #LIVE} if the watcher is still subscribed, {@link #DROPPED} if this
	 * offer dropped it, {@link #CLOSED} if it was gone already
	 */
	int offer(List<StateChange> changes) {
		int current = this.state.get();
		if (current == OVERFLOWED) {
			return LIVE;
		}
		if (current >= DROPPED) {
			return CLOSED;
		}
		boolean added = false;
		for (StateChange change : changes) {
			if (!StateKeys.isUnder(change.key(), this.prefix)) {
				continue;
			}
			if (this.buffer.offer(change)) {
				added = true;
				continue;
			}
			// full: hand the subscriber what it asked for, then try again
			drain();
			if (this.buffer.offer(change)) {
				added = true;
				continue;
			}
			if (!overflow()) {
				drain();
				return DROPPED;
			}
			return LIVE;
		}
		if (added) {
			drain();
		}
		return LIVE;
	}

	/**
	 * Handle a full buffer.
	 * @return {@code true} if the watcher is catching up and stays subscribed,
	 * {@code false} if it is dropped
	 */
	private boolean overflow() {
		for (;;) {
			int current = this.state.get();
			if (current == CATCHING_UP) {
				if (this.state.compareAndSet(CATCHING_UP, OVERFLOWED)) {
					return true;
				}
			}
			else if (current == LIVE) {
				if (this.state.compareAndSet(LIVE, DROPPED)) {
					return false;
				}
			}
			else {
				return current == OVERFLOWED;
			}
		}
	}

	/**
	 * Try to switch from catching up to live, once a replay has reached the end of the
	 * log.
	 * @return {@link #LIVE}, {@link #CATCHING_UP} if live changes were missed and the
	 * replay must run again, or {@link #CLOSED}
	 */
	int goLive() {
		if (this.state.compareAndSet(CATCHING_UP, LIVE)) {
			return LIVE;
		}
		if (this.state.get() == OVERFLOWED) {
			this.buffer.clear();
			if (this.state.compareAndSet(OVERFLOWED, CATCHING_UP)) {
				return CATCHING_UP;
			}
		}
		return CLOSED;
	}

	/**
	 * Return the live changes. Subscribe once, after {@link #goLive()} returned
	 * {@link #LIVE} or for a watcher created live.
	 * @return the live changes
	 */
	Flux<StateChange> live() {
		return Flux.<StateChange>create((sink) -> {
			this.deliveredSequence = this.lastSequence;
			this.sink = sink;
			sink.onRequest((requested) -> drain());
			sink.onDispose(this::dispose);
			drain();
		}, FluxSink.OverflowStrategy.ERROR)
			.publishOn(Schedulers.parallel(), false, LIVE_PREFETCH)
			.doOnNext((change) -> this.deliveredSequence = change.sequence())
			.onErrorMap(StateWatchDroppedException.class,
					(ex) -> new StateWatchDroppedException(this.deliveredSequence, this.bufferSize));
	}

	/**
	 * Complete the subscriber once the changes buffered so far are delivered.
	 */
	void close() {
		for (;;) {
			int current = this.state.get();
			if (current >= DROPPED) {
				return;
			}
			if (this.state.compareAndSet(current, CLOSED)) {
				break;
			}
		}
		drain();
	}

	private void dispose() {
		this.state.set(CLOSED);
		this.buffer.clear();
	}

	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		for (;;) {
			FluxSink<StateChange> sink = this.sink;
			if (sink != null && !this.terminated) {
				int current = this.state.get();
				if (current == DROPPED) {
					this.buffer.clear();
					this.terminated = true;
					sink.error(new StateWatchDroppedException(this.lastSequence, this.bufferSize));
				}
				else {
					long requested = sink.requestedFromDownstream();
					while (requested > 0) {
						StateChange change = this.buffer.poll();
						if (change == null) {
							break;
						}
						if (change.sequence() > this.lastSequence) {
							this.lastSequence = change.sequence();
							sink.next(change);
							requested--;
						}
					}
					if (current == CLOSED && this.buffer.isEmpty()) {
						this.terminated = true;
						sink.complete();
					}
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

}
