package dev.library.session;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a session.
 *
 * @param id random, unguessable identifier
 * @param kind what the session is, such as {@code api-watcher} or {@code i2c-device}
 * @param owner who holds it: an adapter id, a client address, a component
 * @param openedAt when it was opened
 * @param lastActiveAt when it was last touched (or opened)
 * @param state its state
 * @param attributes descriptive attributes; never secrets
 * @author Library
 */
public record SessionInfo(String id, String kind, String owner, Instant openedAt, Instant lastActiveAt,
		SessionState state, Map<String, String> attributes) {

	public SessionInfo {
		attributes = Map.copyOf(attributes);
	}

}
