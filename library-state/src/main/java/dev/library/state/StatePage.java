package dev.library.state;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of values, sorted by key.
 *
 * @param values the values
 * @param nextCursor opaque cursor of the next page, {@code null} on the last page
 * @author Library
 */
public record StatePage(List<StateValue> values, @Nullable String nextCursor) {

	public StatePage {
		values = List.copyOf(values);
	}

}
