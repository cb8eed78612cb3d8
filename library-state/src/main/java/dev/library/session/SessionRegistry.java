package dev.library.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Registry of everything that holds a connection or a conversation: API watchers, adapter
 * connections, HomeKit controllers, Kafka consumers. Thread-safe; every method is
 * non-blocking and may be called from a Reactor thread.
 *
 * @author Library
 */
public interface SessionRegistry {

	/**
	 * Open a session. For a kind that persists, opening and closing rewrite the session
	 * file (blocking I/O): open those from a thread that may block, never from a Netty or
	 * Reactor event loop.
	 * @param kind what it is: lower-case letters, digits and {@code -}, such as
	 * {@code api-watcher}; a fixed name defined in code (it is a meter tag)
	 * @param owner who holds it (1 to 256 characters)
	 * @param attributes descriptive attributes (never secrets)
	 * @param onClose called when the registry closes the session
	 * @return the session
	 * @throws IllegalArgumentException if the kind or the owner is invalid
	 * @throws IllegalStateException if the registry is stopped
	 */
	Session open(String kind, String owner, Map<String, String> attributes, SessionCloseCallback onClose);

	/**
	 * Open a session without a close callback.
	 * @param kind what it is
	 * @param owner who holds it
	 * @param attributes descriptive attributes
	 * @return the session
	 */
	default Session open(String kind, String owner, Map<String, String> attributes) {
		return open(kind, owner, attributes, SessionCloseCallback.NONE);
	}

	/**
	 * List the sessions that are not closed, oldest first.
	 * @param kind only sessions of this kind, or {@code null} for all
	 * @return the sessions
	 */
	List<SessionInfo> list(@Nullable String kind);

	/**
	 * Return a session that is not closed.
	 * @param id its id
	 * @return the session, or empty
	 */
	Optional<SessionInfo> get(String id);

	/**
	 * Take back a session of a persistent kind that the registry restored at start-up
	 * (such as a HomeKit pairing): attach the close callback and touch it.
	 * @param id its id
	 * @param onClose called when the registry closes the session
	 * @return the session, or empty if no restored session that is not yet resumed has
	 * the id
	 */
	Optional<Session> resume(String id, SessionCloseCallback onClose);

	/**
	 * Close a session, calling its close callback.
	 * @param id its id
	 * @param reason why ({@link SessionCloseReason#FORCED} for an operator)
	 * @return whether a session was closed (false if there is none under the id)
	 */
	boolean forceClose(String id, SessionCloseReason reason);

}
