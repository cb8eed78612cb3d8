package dev.library.observability.alarm;

import java.time.Duration;

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
			return false; // decided by time
		}
		if (type == AlarmConditionType.RATE_OF_CHANGE) {
			return wasMet; // decided between two values: evaluateRate
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

	/**
	 * Evaluate a rate-of-change condition on the change between two numeric values.
	 * @param definition the definition, of type rate of change
	 * @param change the change of the value
	 * @param elapsed the time between the two values, positive
	 * @param wasMet whether the condition was met before
	 * @return whether it is met now
	 */
	static boolean evaluateRate(AlarmDefinition definition, double change, Duration elapsed, boolean wasMet) {
		Duration period = definition.ratePeriod();
		double limit = (definition.limit() != null) ? definition.limit() : 0;
		if (period == null || !elapsed.isPositive()) {
			return wasMet;
		}
		double rate = Math.abs(change) * period.toNanos() / elapsed.toNanos();
		return wasMet ? rate >= limit - definition.deadband() : rate >= limit;
	}

	static String text(@Nullable JsonNode value) {
		if (value == null) {
			return "";
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

}
