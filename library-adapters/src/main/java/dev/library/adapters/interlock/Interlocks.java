package dev.library.adapters.interlock;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.library.state.StateValue;
import org.jspecify.annotations.Nullable;

/**
 * Every configured interlock.
 *
 * @param all the interlocks
 * @author Library
 */
public record Interlocks(List<Interlock> all) {

	public Interlocks {
		all = List.copyOf(all);
	}

	/**
	 * Return the interlocks of an output.
	 * @param output the output's point id
	 * @return the interlocks
	 */
	public List<Interlock> of(String output) {
		return this.all.stream().filter((interlock) -> interlock.output().equals(output)).toList();
	}

	/**
	 * Return the state keys the interlocks of an output read.
	 * @param output the output's point id
	 * @return the keys
	 */
	public Set<String> inputsOf(String output) {
		return of(output).stream()
			.flatMap((interlock) -> interlock.condition().keys().stream())
			.collect(Collectors.toSet());
	}

	/**
	 * Return why an output may not leave its safe state, or {@code null} if every one of
	 * its interlocks holds.
	 * @param output the output's point id
	 * @param values the current value of a key, or {@code null}
	 * @return the reasons of the violated interlocks, or {@code null}
	 */
	public @Nullable String violation(String output, Function<String, @Nullable StateValue> values) {
		List<String> reasons = of(output).stream()
			.map((interlock) -> interlock.violation(values))
			.filter((reason) -> reason != null)
			.map((reason) -> (String) reason)
			.toList();
		return reasons.isEmpty() ? null : String.join("; ", reasons);
	}

}
