package dev.library.session;

/**
 * The owner's handle on an open session. Thread-safe and non-blocking.
 *
 * @author Library
 */
public interface Session {

	/**
	 * Return the session's identifier.
	 * @return the id
	 */
	String id();

	/**
	 * Record activity: the session becomes {@link SessionState#ACTIVE} and its idle
	 * timeout starts again. Does nothing once the session is closing or closed.
	 */
	void touch();

	/**
	 * Close the session. Its close callback is not called when the reason is
	 * {@link SessionCloseReason#NORMAL} (the owner closes it itself). Closing a closed
	 * session does nothing.
	 * @param reason why
	 */
	void close(SessionCloseReason reason);

	/**
	 * Close the session normally.
	 */
	default void close() {
		close(SessionCloseReason.NORMAL);
	}

	/**
	 * Return a snapshot of the session.
	 * @return the snapshot
	 */
	SessionInfo info();

	/**
	 * Whether the session is closing or closed.
	 * @return whether it was closed
	 */
	boolean isClosed();

}
