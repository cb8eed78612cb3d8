package dev.library.core.component;

/**
 * Lifecycle state of a {@link LibraryComponent}.
 *
 * @author Library
 */
public enum ComponentState {

	/**
	 * Declared but not started yet, or starting now.
	 */
	STARTING,

	/**
	 * Started and working.
	 */
	RUNNING,

	/**
	 * Running with reduced function; the status carries the reason.
	 */
	DEGRADED,

	/**
	 * Being stopped.
	 */
	STOPPING,

	/**
	 * Stopped.
	 */
	STOPPED,

	/**
	 * Failed to start or failed while running; the status carries the cause.
	 */
	FAILED

}
