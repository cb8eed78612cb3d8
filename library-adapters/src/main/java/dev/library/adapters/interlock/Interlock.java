package dev.library.adapters.interlock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.library.state.StateValue;
import org.jspecify.annotations.Nullable;

/**
 * An interlock: the output may leave its safe state only while the condition holds.
 *
 * @param id the interlock id
 * @param output the id of the output point, {@code device.point}
 * @param description why the interlock exists, for people
 * @param condition what must hold
 * @author Library
 */
public record Interlock(String id, String output, String description, Condition condition) {

	/**
	 * Return why the interlock is violated, naming the comparisons that fail with the
	 * values they saw, or {@code null} if it holds.
	 * @param values the current value of a key, or {@code null}
	 * @return the reason, or {@code null}
	 */
	public @Nullable String violation(Function<String, @Nullable StateValue> values) {
		if (this.condition.test(values)) {
			return null;
		}
		List<String> failing = new ArrayList<>();
		collectFailing(this.condition, values, failing);
		String what = this.description.isEmpty() ? "" : " (" + this.description + ")";
		return "Interlock '" + this.id + "'" + what + " requires " + this.condition.describe() + "; not met: "
				+ String.join(", ", failing);
	}

	private static void collectFailing(Condition condition, Function<String, @Nullable StateValue> values,
			List<String> failing) {
		if (condition instanceof Condition.Comparison comparison) {
			if (!comparison.test(values)) {
				StateValue current = values.apply(comparison.key());
				String actual = (current != null) ? current.value() + " (" + current.quality() + ")" : "no value";
				failing.add(comparison.describe() + " [" + comparison.key() + " is " + actual + "]");
			}
		}
		else if (condition instanceof Condition.AllOf all) {
			all.conditions().forEach((child) -> collectFailing(child, values, failing));
		}
		else if (condition instanceof Condition.AnyOf any) {
			any.conditions().forEach((child) -> collectFailing(child, values, failing));
		}
	}

}
