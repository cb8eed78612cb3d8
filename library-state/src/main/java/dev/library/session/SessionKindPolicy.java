package dev.library.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Limits of the sessions of one kind.
 *
 * @param idleTimeout how long a session may go untouched before it is closed, or
 * {@code null} for no limit; it is marked {@link SessionState#IDLE} after half of it
 * @param maxLifetime how long a session may stay open at most, or {@code null} for no
 * limit
 * @author Library
 */
public record SessionKindPolicy(@Nullable Duration idleTimeout, @Nullable Duration maxLifetime) {

	/**
	 * No limit.
	 */
	public static final SessionKindPolicy UNLIMITED = new SessionKindPolicy(null, null);

}
