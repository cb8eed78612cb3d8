package dev.library.observability.alarm;

import dev.library.state.Quality;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a value meets a definition's condition, before the on and off delays.
 * Limits have a deadband: an active limit condition clears only once the value is back
 * past the limit by more than the deadband, so that noise around the limit does not
 * chatter.
 *
 * @author Library
 */
final class ConditionEvaluator {

	private ConditionEvaluator() {
	}

	/**
	 * Evaluate a written value.
	 * @param definition the definition
	 * @param value the value
	 * @param quality its quality
	 * @param wasMet whether the condition was met before this value
	 * @return whether it is met now
	 */
	static boolean evaluate(AlarmDefinition definition, JsonNode value, Quality quality, boolean wasMet) {
		AlarmConditionType type = definition.type();
		if (type == AlarmConditionType.BAD_QUALITY) {
			return quality == Quality.BAD;
		}
		if (type == AlarmConditionType.STALE) {
			return false;
		}
		if (type.isDiscrete()) {
			boolean equal = text(value).equals(definition.value());
			return (type == AlarmConditionType.EQUALS) == equal;
		}
		// A bad or non-numeric value says nothing about the limit: keep the last verdict.
		if (quality == Quality.BAD || !value.isNumber()) {
			return wasMet;
		}
		double number = value.doubleValue();
		double limit = (definition.limit() != null) ? definition.limit() : 0;
		double deadband = definition.deadband();
		return switch (type) {
			case HI, HIHI -> wasMet ? number >= limit - deadband : number >= limit;
			case LO, LOLO -> wasMet ? number <= limit + deadband : number <= limit;
			default -> wasMet;
		};
	}

	static String text(@Nullable JsonNode value) {
		if (value == null) {
			return "";
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

}
