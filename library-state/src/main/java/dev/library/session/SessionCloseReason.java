package dev.library.session;

import java.util.Locale;

/**
 * Why a session was closed. Its {@link #tag()} is the {@code reason} tag of
 * {@code library.sessions.closed}.
 *
 * @author Library
 */
public enum SessionCloseReason {

	/**
	 * Its owner closed it.
	 */
	NORMAL,

	/**
	 * It was not touched within its kind's idle timeout.
	 */
	IDLE,

	/**
	 * It reached its kind's maximum lifetime.
	 */
	LIFETIME,

	/**
	 * It was closed by an operator ({@code DELETE /sessions/{id}}) or by code.
	 */
	FORCED,

	/**
	 * The registry stopped.
	 */
	SHUTDOWN;

	/**
	 * Return the lower-case name used in meters and responses.
	 * @return the tag value
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
