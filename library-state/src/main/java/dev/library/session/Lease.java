package dev.library.session;

/**
 * Exclusive use of one resource of a {@link ResourcePool} until {@link #release()}.
 *
 * @param <T> the resource type
 * @author Library
 */
public interface Lease<T> extends AutoCloseable {

	/**
	 * Return the resource.
	 * @return the resource
	 * @throws IllegalStateException if the lease was released
	 */
	T resource();

	/**
	 * Give the resource back to the pool; the longest-waiting acquirer gets it next.
	 * Releasing twice does nothing.
	 */
	void release();

	/**
	 * Whether the lease was released.
	 * @return whether it was released
	 */
	boolean isReleased();

	/**
	 * Same as {@link #release()}.
	 */
	@Override
	default void close() {
		release();
	}

}
