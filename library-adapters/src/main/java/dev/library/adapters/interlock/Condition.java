package dev.library.adapters.interlock;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.library.state.Quality;
import dev.library.state.StateValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A condition on state values: a comparison of one key with a constant, or all or any of
 * other conditions. A key that has no value, or whose value is not of quality
 * {@code GOOD}, makes its comparison false: an unknown input never lets an output leave
 * its safe state.
 *
 * @author Library
 */
public sealed interface Condition {

	/**
	 * Evaluate the condition.
	 * @param values the current value of a key, or {@code null}
	 * @return whether it holds
	 */
	boolean test(Function<String, @Nullable StateValue> values);

	/**
	 * Return the state keys the condition reads.
	 * @return the keys
	 */
	Set<String> keys();

	/**
	 * Return the condition as text, such as {@code plant.tank1.level < 90}.
	 * @return the text
	 */
	String describe();

	/**
	 * A comparison of a key's value with a constant.
	 *
	 * @param key the state key
	 * @param operator the comparison
	 * @param value the constant
	 */
	record Comparison(String key, Operator operator, JsonNode value) implements Condition {

		@Override
		public boolean test(Function<String, @Nullable StateValue> values) {
			StateValue current = values.apply(this.key);
			if (current == null || current.quality() != Quality.GOOD) {
				return false;
			}
			JsonNode actual = current.value();
			if (actual.isNumber() && this.value.isNumber()) {
				int comparison = Double.compare(actual.doubleValue(), this.value.doubleValue());
				return switch (this.operator) {
					case EQ -> comparison == 0;
					case NE -> comparison != 0;
					case GT -> comparison > 0;
					case GE -> comparison >= 0;
					case LT -> comparison < 0;
					case LE -> comparison <= 0;
				};
			}
			return switch (this.operator) {
				case EQ -> actual.equals(this.value);
				case NE -> !actual.equals(this.value);
				default -> false;
			};
		}

		@Override
		public Set<String> keys() {
			return Set.of(this.key);
		}

		@Override
		public String describe() {
			return this.key + " " + this.operator.symbol() + " " + this.value;
		}

	}

	/**
	 * Every one of the conditions.
	 *
	 * @param conditions the conditions
	 */
	record AllOf(List<Condition> conditions) implements Condition {

		@Override
		public boolean test(Function<String, @Nullable StateValue> values) {
			return this.conditions.stream().allMatch((condition) -> condition.test(values));
		}

		@Override
		public Set<String> keys() {
			return this.conditions.stream()
				.flatMap((condition) -> condition.keys().stream())
				.collect(Collectors.toSet());
		}

		@Override
		public String describe() {
			return this.conditions.stream().map(Condition::describe).collect(Collectors.joining(" and ", "(", ")"));
		}

	}

	/**
	 * At least one of the conditions.
	 *
	 * @param conditions the conditions
	 */
	record AnyOf(List<Condition> conditions) implements Condition {

		@Override
		public boolean test(Function<String, @Nullable StateValue> values) {
			return this.conditions.stream().anyMatch((condition) -> condition.test(values));
		}

		@Override
		public Set<String> keys() {
			return this.conditions.stream()
				.flatMap((condition) -> condition.keys().stream())
				.collect(Collectors.toSet());
		}

		@Override
		public String describe() {
			return this.conditions.stream().map(Condition::describe).collect(Collectors.joining(" or ", "(", ")"));
		}

	}

}
