package dev.library.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keeps the event log in memory and nothing on disk: state and history are gone after a
 * restart. For tests and benchmarks ({@code library.state.persistence: memory}).
 * <p>
 * The log holds at most {@code maxCount} changes (older ones are removed as new ones are
 * committed) and, once {@link #applyRetention} has run, none older than the retention
 * age.
 *
 * @author Library
 */
public class InMemoryStatePersistence implements StatePersistence {

	private final ConcurrentSkipListMap<Long, StateChange> log = new ConcurrentSkipListMap<>();

	private final AtomicLong size = new AtomicLong();

	private final long maxCount;

	private volatile long lastSequence;

	/**
	 * Create a new instance.
	 * @param maxCount the largest number of changes kept in the log
	 */
	public InMemoryStatePersistence(long maxCount) {
		Assert.isTrue(maxCount >= 0, "'maxCount' must not be negative");
		this.maxCount = maxCount;
	}

	@Override
	public StateSnapshot open() {
		return StateSnapshot.empty();
	}

	@Override
	public void commit(List<StateChange> changes) {
		for (StateChange change : changes) {
			this.log.put(change.sequence(), change);
			this.size.incrementAndGet();
		}
		if (!changes.isEmpty()) {
			this.lastSequence = changes.get(changes.size() - 1).sequence();
		}
		trim(this.maxCount);
	}

	@Override
	public List<StateChange> readEvents(@Nullable String key, String prefix, @Nullable Instant since,
			@Nullable Instant until, long afterSequence, int limit) {
		List<StateChange> events = new ArrayList<>(Math.min(limit, 256));
		for (StateChange change : this.log.tailMap(afterSequence, false).values()) {
			if (events.size() == limit) {
				break;
			}
			if ((key == null || key.equals(change.key())) && StateKeys.isUnder(change.key(), prefix)
					&& (since == null || !change.timestamp().isBefore(since))
					&& (until == null || change.timestamp().isBefore(until))) {
				events.add(change);
			}
		}
		return events;
	}

	@Override
	public long firstRetainedSequence() {
		long last = this.lastSequence;
		Map.Entry<Long, StateChange> first = this.log.firstEntry();
		return (first != null) ? first.getKey() : last + 1;
	}

	@Override
	public long applyRetention(Instant olderThan, long maxCount) {
		long removed = trim(maxCount);
		for (Map.Entry<Long, StateChange> first = this.log.firstEntry(); first != null
				&& first.getValue().timestamp().isBefore(olderThan); first = this.log.firstEntry()) {
			if (this.log.remove(first.getKey()) != null) {
				this.size.decrementAndGet();
				removed++;
			}
		}
		return removed;
	}

	private long trim(long maxCount) {
		long removed = 0;
		while (this.size.get() > maxCount && this.log.pollFirstEntry() != null) {
			this.size.decrementAndGet();
			removed++;
		}
		return removed;
	}

	@Override
	public boolean isDurable() {
		return false;
	}

	@Override
	public String describe() {
		return "memory";
	}

	@Override
	public void close() {
		this.log.clear();
		this.size.set(0);
	}

}
