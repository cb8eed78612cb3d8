package dev.library.core.component;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ComponentStartPolicy} with fixed values.
 *
 * @param startTimeout start timeout of every component not in {@code startTimeouts}
 * @param startTimeouts start timeouts by component name
 * @param stopTimeout stop timeout
 * @param notFailFast names of the components configured with {@code fail-fast: false}
 * @author Library
 */
record TestStartPolicy(Duration startTimeout, Map<String, Duration> startTimeouts, Duration stopTimeout,
		Set<String> notFailFast) implements ComponentStartPolicy {

	static TestStartPolicy defaults() {
		return new TestStartPolicy(Duration.ofSeconds(5), Map.of(), Duration.ofSeconds(5), Set.of());
	}

	TestStartPolicy withStartTimeout(String component, Duration timeout) {
		return new TestStartPolicy(this.startTimeout, Map.of(component, timeout), this.stopTimeout, this.notFailFast);
	}

	TestStartPolicy withStopTimeout(Duration timeout) {
		return new TestStartPolicy(this.startTimeout, this.startTimeouts, timeout, this.notFailFast);
	}

	TestStartPolicy withoutFailFast(String... components) {
		return new TestStartPolicy(this.startTimeout, this.startTimeouts, this.stopTimeout, Set.of(components));
	}

	@Override
	public Duration startTimeout(String component) {
		return this.startTimeouts.getOrDefault(component, this.startTimeout);
	}

	@Override
	public Duration stopTimeout() {
		return this.stopTimeout;
	}

	@Override
	public boolean failFast(String component) {
		return !this.notFailFast.contains(component);
	}

}
