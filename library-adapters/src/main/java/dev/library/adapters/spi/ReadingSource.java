package dev.library.adapters.spi;

/**
 * Capability of an {@link Adapter} that pushes readings of event-driven points (those
 * without a poll interval) instead of being polled for them.
 *
 * @author Library
 */
public interface ReadingSource {

	/**
	 * Start delivering readings to a listener. Called after every successful
	 * {@link Adapter#connect()}.
	 * @param listener receives the readings, on any thread
	 */
	void subscribe(ReadingListener listener);

}
