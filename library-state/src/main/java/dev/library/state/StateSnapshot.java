package dev.library.state;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link StatePersistence} holds when it is opened: every key ever written with
 * its last version, and the sequence of the last committed change.
 *
 * @param entries the keys, deleted ones included
 * @param lastSequence the sequence of the last committed change, 0 if there is none
 * @author Library
 */
public record StateSnapshot(List<Entry> entries, long lastSequence) {

	public StateSnapshot {
		entries = List.copyOf(entries);
		Assert.isTrue(lastSequence >= 0, "'lastSequence' must not be negative");
	}

	/**
	 * Return the snapshot of an empty store.
	 * @return the snapshot
	 */
	public static StateSnapshot empty() {
		return new StateSnapshot(List.of(), 0);
	}

	/**
	 * One key.
	 *
	 * @param key the key
	 * @param version its last version
	 * @param value its value, or {@code null} if it was deleted
	 */
	public record Entry(String key, long version, @Nullable StateValue value) {

	}

}
