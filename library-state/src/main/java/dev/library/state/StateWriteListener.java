package dev.library.state;

/**
 * Told of each change on the thread that writes it, as the store applies it and before
 * watchers see it: where the writer's context (its trace, for one) is still current.
 * Called under the store's write lock, so it must be quick, must not block and must not
 * write to the store.
 *
 * @author Library
 * @see DefaultStateStore#addWriteListener(StateWriteListener)
 */
@FunctionalInterface
public interface StateWriteListener {

	/**
	 * Called for each change applied.
	 * @param change the change
	 */
	void written(StateChange change);

}
