package dev.library.observability.alarm.notification;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.library.state.Quality;
import dev.library.state.StateStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Records whether each area floods in the state store, at
 * {@code library.alarms.flood.<area>} ({@code true} or {@code false}; {@code none} for
 * alarms without an area), so that the contributed {@code alarm-flood} definition raises
 * one flood alarm per area, with the whole life cycle (acknowledge, history, restart).
 *
 * @author Library
 */
public class FloodStateRecorder implements FloodListener {

	/**
	 * The prefix of the keys, one per area.
	 */
	public static final String PREFIX = "library.alarms.flood";

	private static final Pattern NOT_IN_A_SEGMENT = Pattern.compile("[^A-Za-z0-9_-]");

	private static final Log logger = LogFactory.getLog(FloodStateRecorder.class);

	private final StateStore store;

	public FloodStateRecorder(StateStore store) {
		this.store = store;
	}

	@Override
	public void floodChanged(String area, boolean flooding, String reason) {
		String key = key(area);
		this.store.put(key, JsonNodeFactory.instance.booleanNode(flooding), "alarms", Quality.GOOD)
			.subscribe(null, (ex) -> logger
				.error("Flood of area '" + area + "' not recorded at " + key + ": " + ex.getMessage()));
	}

	/**
	 * Return the key of an area.
	 * @param area the area
	 * @return the key
	 */
	public static String key(String area) {
		String segment = area.isEmpty() ? "none"
				: NOT_IN_A_SEGMENT.matcher(area.toLowerCase(Locale.ROOT)).replaceAll("-");
		return PREFIX + "." + segment;
	}

}
