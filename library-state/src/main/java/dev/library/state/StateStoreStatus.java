package dev.library.state;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link DefaultStateStore} is doing.
 *
 * @param running whether it accepts reads and writes
 * @param state its lifecycle state: new, starting, running, stopping, stopped
 * @param persistence where its data lives
 * @param durability when its writes are acknowledged
 * @param keys keys holding a value
 * @param committedSequence sequence of the last committed change
 * @param pendingChanges changes applied but not yet committed (the writer queue depth)
 * @param watchers subscribers following changes
 * @param lastCommit when the last commit succeeded, {@code null} before the first
 * @param lastCommitError why commits are failing, {@code null} when they succeed
 * @author Library
 */
public record StateStoreStatus(boolean running, String state, String persistence, Durability durability, int keys,
		long committedSequence, int pendingChanges, int watchers, @Nullable Instant lastCommit,
		@Nullable String lastCommitError) {

}
