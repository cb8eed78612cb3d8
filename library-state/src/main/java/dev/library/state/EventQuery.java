package dev.library.state;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What to read from the event log.
 *
 * @param key only the changes of this key, or {@code null}
 * @param prefix only the changes of keys under this prefix (see
 * {@link StateKeys#isUnder(String, String)}), or {@code null}; not together with
 * {@code key}
 * @param since only changes made at or after this instant, or {@code null}
 * @param until only changes made before this instant, or {@code null}
 * @param limit the largest number of changes returned, at least 1
 * @param cursor the {@link EventPage#nextCursor()} of the previous page, or {@code null}
 * for the first page
 * @author Library
 */
public record EventQuery(@Nullable String key, @Nullable String prefix, @Nullable Instant since,
		@Nullable Instant until, int limit, @Nullable String cursor) {

	public EventQuery {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		Assert.isTrue(key == null || prefix == null, "Give either a key or a prefix, not both");
	}

	/**
	 * Return a query of every change, first page.
	 * @param limit the largest number of changes returned
	 * @return the query
	 */
	public static EventQuery all(int limit) {
		return new EventQuery(null, null, null, null, limit, null);
	}

}
