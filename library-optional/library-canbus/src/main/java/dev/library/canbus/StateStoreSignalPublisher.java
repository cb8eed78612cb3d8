package dev.library.canbus;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Publishes decoded signals to the {@link StateStore}. Writes are asynchronous; a refused
 * write is logged and dropped, as a lost frame would be.
 *
 * @author Library
 */
public class StateStoreSignalPublisher implements SignalPublisher {

	private static final Log logger = LogFactory.getLog(StateStoreSignalPublisher.class);

	private final StateStore store;

	/**
	 * Create a publisher.
	 * @param store the state store
	 */
	public StateStoreSignalPublisher(StateStore store) {
		this.store = store;
	}

	@Override
	public void publish(String key, Object value, Quality quality, String source) {
		this.store.put(key, json(value), source, quality)
			.subscribe(null, (ex) -> logger.warn("CAN signal " + key + " not stored: " + ex.getMessage()));
	}

	private static JsonNode json(Object value) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (value instanceof Long number) {
			return nodes.numberNode(number);
		}
		if (value instanceof Double number) {
			return nodes.numberNode(number);
		}
		if (value instanceof Number number) {
			return nodes.numberNode(number.doubleValue());
		}
		return nodes.stringNode(value.toString());
	}

}
