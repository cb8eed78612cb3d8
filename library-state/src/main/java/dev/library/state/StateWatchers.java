package dev.library.state;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The watchers of a store: each has a bounded buffer, fed by one dispatching thread after
 * changes are committed, and dropped when it overflows (see {@link StateStore#watch}).
 * Public for other {@link StateStore} implementations, so that watchers behave the same
 * whatever the store.
 *
 * @author Library
 */
public final class StateWatchers {

	private static final int REPLAY_PAGE_SIZE = 500;

	private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

	private final int bufferSize;

	private final Counter dropped;

	/**
	 * Create a new instance.
	 * @param bufferSize the changes buffered per watcher before it is dropped
	 * @param dropped counts the watchers dropped
	 */
	public StateWatchers(int bufferSize, Counter dropped) {
		this.bufferSize = bufferSize;
		this.dropped = dropped;
	}

	/**
	 * Follow the changes dispatched from now on.
	 * @param prefix the normalized prefix
	 * @return the changes
	 */
	public Flux<StateChange> watch(String prefix) {
		Watcher watcher = register(prefix, 0, true);
		return watcher.live().doFinally((signal) -> remove(watcher));
	}

	/**
	 * Follow the changes after a sequence: replay them from the event log, then go live.
	 * The watcher is registered (or reset) before the event log's committed sequence is
	 * read and before the log is read, so every change dispatched later reaches its
	 * buffer and every change dispatched earlier is in the log.
	 * @param prefix the normalized prefix
	 * @param afterSequence the sequence of the last change the subscriber has seen
	 * @param log the event log
	 * @param scheduler where the log is read (its methods block)
	 * @return the changes
	 */
	public Flux<StateChange> watch(String prefix, long afterSequence, EventLog log, Scheduler scheduler) {
		Watcher watcher = register(prefix, afterSequence, false);
		return follow(watcher, log, scheduler).doFinally((signal) -> remove(watcher));
	}

	Watcher register(String prefix, long afterSequence, boolean live) {
		Watcher watcher = new Watcher(prefix, this.bufferSize, afterSequence, live);
		this.watchers.add(watcher);
		return watcher;
	}

	void remove(Watcher watcher) {
		this.watchers.remove(watcher);
	}

	private Flux<StateChange> follow(Watcher watcher, EventLog log, Scheduler scheduler) {
		Flux<StateChange> replay = Flux.defer(() -> (watcher.lastSequence() >= log.committedSequence()) ? Flux.empty()
				: replay(watcher, log, scheduler));
		return replay.concatWith(Flux.defer(() -> switch (watcher.goLive()) {
			case Watcher.LIVE -> watcher.live();
			case Watcher.CATCHING_UP -> follow(watcher, log, scheduler);
			default -> Flux.empty();
		}));
	}

	private Flux<StateChange> replay(Watcher watcher, EventLog log, Scheduler scheduler) {
		return Flux
			.<StateChange, ReplayCursor>generate(() -> new ReplayCursor(watcher.lastSequence()), (cursor, sink) -> {
				if (cursor.buffer.isEmpty() && !cursor.exhausted && !watcher.isClosed()) {
					List<StateChange> page = log.read(watcher.prefix(), cursor.after, REPLAY_PAGE_SIZE);
					long firstRetained = log.firstRetainedSequence();
					if (firstRetained > cursor.after + 1) {
						sink.error(new StateHistoryUnavailableException(StateHistoryUnavailableException.Reason.EXPIRED,
								cursor.after, firstRetained - 1));
						return cursor;
					}
					cursor.buffer.addAll(page);
					cursor.exhausted = page.size() < REPLAY_PAGE_SIZE;
					if (!page.isEmpty()) {
						cursor.after = page.get(page.size() - 1).sequence();
					}
				}
				StateChange next = cursor.buffer.poll();
				if (next != null) {
					sink.next(next);
				}
				else {
					sink.complete();
				}
				return cursor;
			})
			.subscribeOn(scheduler)
			.doOnNext(watcher::emitted);
	}

	/**
	 * Return the number of watchers.
	 * @return the number of watchers
	 */
	public int size() {
		return this.watchers.size();
	}

	/**
	 * Hand committed changes to every watcher. Called from one thread at a time, with
	 * changes in sequence order.
	 * @param changes the changes, in sequence order
	 */
	public void dispatch(List<StateChange> changes) {
		for (Watcher watcher : this.watchers) {
			int outcome = watcher.offer(changes);
			if (outcome != Watcher.LIVE) {
				this.watchers.remove(watcher);
				if (outcome == Watcher.DROPPED) {
					this.dropped.increment();
				}
			}
		}
	}

	/**
	 * Complete every watcher once it has received what is buffered.
	 */
	public void closeAll() {
		for (Watcher watcher : this.watchers) {
			watcher.close();
		}
		this.watchers.clear();
	}

	/**
	 * The event log a resuming watcher replays. Methods may block: they are called on the
	 * scheduler given to {@link #watch(String, long, EventLog, Scheduler)}.
	 */
	public interface EventLog {

		/**
		 * Return the sequence of the last change dispatched (or being dispatched) to the
		 * watchers: a watcher that has seen it has nothing to replay.
		 * @return the sequence
		 */
		long committedSequence();

		/**
		 * Read changes of keys under a prefix, in sequence order.
		 * @param prefix the normalized prefix
		 * @param afterSequence only changes after this sequence
		 * @param limit the largest number of changes
		 * @return the changes
		 */
		List<StateChange> read(String prefix, long afterSequence, int limit);

		/**
		 * Return the sequence of the oldest change kept, or the last sequence + 1 if the
		 * log is empty.
		 * @return the first retained sequence
		 */
		long firstRetainedSequence();

	}

	private static final class ReplayCursor {

		private final ArrayDeque<StateChange> buffer = new ArrayDeque<>();

		private long after;

		private boolean exhausted;

		ReplayCursor(long after) {
			this.after = after;
		}

	}

}
