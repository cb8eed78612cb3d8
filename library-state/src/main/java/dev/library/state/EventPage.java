package dev.library.state;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of the event log, in sequence order.
 *
 * @param events the changes
 * @param nextCursor opaque cursor of the next page, {@code null} on the last page
 * @author Library
 */
public record EventPage(List<StateChange> events, @Nullable String nextCursor) {

	public EventPage {
		events = List.copyOf(events);
	}

}
