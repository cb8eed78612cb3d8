package dev.library.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Limits and lifetime of the sessions of one kind.
 *
 * @param idleTimeout how long a session may go untouched before it is closed, or
 * {@code null} for no limit; it is marked {@link SessionState#IDLE} after half of it
 * @param maxLifetime how long a session may stay open at most, or {@code null} for no
 * limit
 * @param persistent whether sessions of the kind survive a restart (such as HomeKit
 * pairings): kept in the registry's {@link SessionFile} and restored at start-up instead
 * of being closed on shutdown
 * @author Library
 */
public record SessionKindPolicy(@Nullable Duration idleTimeout, @Nullable Duration maxLifetime, boolean persistent) {

	/**
	 * No limit, not persistent.
	 */
	public static final SessionKindPolicy UNLIMITED = new SessionKindPolicy(null, null, false);

	/**
	 * Create a policy of a kind that does not persist.
	 * @param idleTimeout the idle timeout, or {@code null}
	 * @param maxLifetime the maximum lifetime, or {@code null}
	 */
	public SessionKindPolicy(@Nullable Duration idleTimeout, @Nullable Duration maxLifetime) {
		this(idleTimeout, maxLifetime, false);
	}

}
