package dev.library.state;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a {@link DefaultStateStore} keeps its state and event log.
 * <p>
 * The store decides versions and sequences and keeps the live state in memory; a
 * persistence makes it durable and answers history queries. Methods block: the store
 * calls {@link #commit(List)} from its single writer thread and the others from a bounded
 * scheduler, never from a Netty or Reactor event-loop thread. An implementation for a
 * database that decides versions itself (several replicas on one PostgreSQL) implements
 * {@link StateStore} instead.
 *
 * @author Library
 * @see EmbeddedStatePersistence
 * @see InMemoryStatePersistence
 */
public interface StatePersistence {

	/**
	 * Open the storage, creating it if needed, and read what it holds. Called once,
	 * before any other method.
	 * @return the keys and the last committed sequence
	 * @throws StatePersistenceException if the storage cannot be opened or read
	 */
	StateSnapshot open();

	/**
	 * Commit changes, all or none: append them to the event log and apply them to the
	 * stored state. Called from one thread at a time, with changes in sequence order,
	 * each sequence once (a failed call is retried with the same changes). Returns only
	 * once the changes are as durable as this persistence promises.
	 * @param changes the changes, in sequence order
	 * @throws StatePersistenceException if the changes could not be committed; then none
	 * is
	 */
	void commit(List<StateChange> changes);

	/**
	 * Read changes from the event log, in sequence order.
	 * @param key only changes of this key, or {@code null}
	 * @param prefix only changes of keys under this normalized prefix (empty for all)
	 * @param since only changes made at or after this instant, or {@code null}
	 * @param until only changes made before this instant, or {@code null}
	 * @param afterSequence only changes after this sequence
	 * @param limit the largest number of changes returned
	 * @return the changes
	 * @throws StatePersistenceException if the log cannot be read
	 */
	List<StateChange> readEvents(@Nullable String key, String prefix, @Nullable Instant since, @Nullable Instant until,
			long afterSequence, int limit);

	/**
	 * Return the sequence of the oldest change kept in the event log, or the last
	 * committed sequence + 1 if the log is empty.
	 * @return the first retained sequence
	 * @throws StatePersistenceException if the log cannot be read
	 */
	long firstRetainedSequence();

	/**
	 * Remove from the event log the changes made before an instant and those beyond the
	 * newest {@code maxCount}, oldest first. Called periodically from a background thread
	 * while commits go on.
	 * @param olderThan remove changes made before this instant
	 * @param maxCount keep at most this many changes
	 * @return the number of changes removed
	 * @throws StatePersistenceException if the log cannot be pruned
	 */
	long applyRetention(Instant olderThan, long maxCount);

	/**
	 * Whether committed changes survive a restart.
	 * @return whether this persistence is durable
	 */
	boolean isDurable();

	/**
	 * Describe where the data lives, for health details and logs.
	 * @return the description, such as {@code embedded:/var/lib/library/data}
	 */
	String describe();

	/**
	 * Close the storage. Called once, after the last commit.
	 */
	void close();

}
