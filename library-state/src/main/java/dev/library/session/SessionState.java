package dev.library.session;

/**
 * Lifecycle state of a session.
 *
 * @author Library
 */
public enum SessionState {

	/**
	 * Opened, not yet used.
	 */
	OPEN,

	/**
	 * Used recently (touched).
	 */
	ACTIVE,

	/**
	 * Not used for at least half of its kind's idle timeout: it is closed when the whole
	 * idle timeout has passed, unless it is touched before.
	 */
	IDLE,

	/**
	 * Being closed: its close callback is running.
	 */
	CLOSING,

	/**
	 * Closed; no longer listed.
	 */
	CLOSED

}
