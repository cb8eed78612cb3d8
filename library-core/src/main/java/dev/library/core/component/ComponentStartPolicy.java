package dev.library.core.component;

import java.time.Duration;

/**
 * Timeouts and fail-fast settings that govern how components start and stop.
 *
 * @author Library
 */
public interface ComponentStartPolicy {

	/**
	 * Return how long the named component may take to start.
	 * @param component the component name
	 * @return the start timeout
	 */
	Duration startTimeout(String component);

	/**
	 * Return how long any component may take to stop.
	 * @return the stop timeout
	 */
	Duration stopTimeout();

	/**
	 * Whether a start failure of the named component stops the application. Always
	 * {@code true} for mandatory components.
	 * @param component the component name
	 * @return whether the component fails fast
	 */
	boolean failFast(String component);

}
