package dev.library.canbus;

import org.jspecify.annotations.Nullable;

/**
 * Where cyclic sends read the signals they take from state keys, such as the state store.
 *
 * @author Library
 */
@FunctionalInterface
public interface StateValueSource {

	/**
	 * Read a value. Called on a bus's cyclic-send thread, which may wait.
	 * @param key the state key
	 * @return a {@link Long}, {@link Double}, {@link Boolean} or {@link String}, or
	 * {@code null} if the key has no value of good quality
	 */
	@Nullable Object read(String key);

	/**
	 * A source without values.
	 * @return the source
	 */
	static StateValueSource none() {
		return (key) -> null;
	}

}
