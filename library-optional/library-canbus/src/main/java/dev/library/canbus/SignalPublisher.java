package dev.library.canbus;

import dev.library.state.Quality;

/**
 * Receives decoded signal values and their quality, such as the state store.
 *
 * @author Library
 */
@FunctionalInterface
public interface SignalPublisher {

	/**
	 * Publish a value. Called from a bus's reader or liveness thread; must not block for
	 * long.
	 * @param key the state key of the signal
	 * @param value the physical value ({@link Long}, {@link Double}) or choice name
	 * @param quality {@link Quality#GOOD} for a fresh value, {@link Quality#UNCERTAIN}
	 * for a value from a frame shorter than its message, {@link Quality#BAD} for the last
	 * value of a message that stopped arriving
	 * @param source who publishes it (the adapter instance id)
	 */
	void publish(String key, Object value, Quality quality, String source);

	/**
	 * A publisher that drops everything.
	 * @return the publisher
	 */
	static SignalPublisher none() {
		return (key, value, quality, source) -> {
		};
	}

}
