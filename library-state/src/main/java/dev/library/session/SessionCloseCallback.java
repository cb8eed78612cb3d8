package dev.library.session;

/**
 * Called when the registry closes a session that its owner did not close itself (idle
 * timeout, maximum lifetime, forced close, shutdown), so that the owner ends what the
 * session stands for: an SSE stream completes, a connection is closed.
 * <p>
 * It runs on the thread that closes the session (the sweeper, an HTTP request thread, the
 * lifecycle thread): it must not block. An exception it throws is logged and the session
 * is closed all the same.
 *
 * @author Library
 */
@FunctionalInterface
public interface SessionCloseCallback {

	/**
	 * A callback that does nothing.
	 */
	SessionCloseCallback NONE = (session, reason) -> {
	};

	/**
	 * The session is being closed.
	 * @param session the session, in state {@link SessionState#CLOSING}
	 * @param reason why
	 */
	void closing(SessionInfo session, SessionCloseReason reason);

}
