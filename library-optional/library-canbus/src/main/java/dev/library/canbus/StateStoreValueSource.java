package dev.library.canbus;

import java.time.Duration;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import dev.library.state.StateValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the values of cyclic sends from the {@link StateStore}: only a value of good
 * quality counts, so a send whose source went bad or missing stops.
 *
 * @author Library
 */
public class StateStoreValueSource implements StateValueSource {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private final StateStore store;

	/**
	 * Create a source.
	 * @param store the state store
	 */
	public StateStoreValueSource(StateStore store) {
		this.store = store;
	}

	@Override
	public @Nullable Object read(String key) {
		StateValue value;
		try {
			value = this.store.get(key).block(READ_TIMEOUT);
		}
		catch (RuntimeException ex) {
			return null; // not found, or the store cannot answer: no value
		}
		if (value == null || value.quality() != Quality.GOOD) {
			return null;
		}
		JsonNode node = value.value();
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		return node.isString() ? node.stringValue() : null;
	}

}
