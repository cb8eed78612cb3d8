package dev.library.observability.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of every enabled component, one indicator each, with the dependency graph in the
 * details: what each component depends on, what depends on it, and which of its
 * dependencies are not running. A component whose dependency is not running reports
 * {@link #DEGRADED}: a failure below shows on every component above it.
 *
 * @author Library
 */
public final class ComponentHealthContributor {

	/**
	 * Status of a component that runs with reduced function, or whose dependency does not
	 * run.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private ComponentHealthContributor() {
	}

	/**
	 * Create the composite contributor, one indicator per enabled component.
	 * @param registry the component registry
	 * @return the contributor
	 */
	public static CompositeReactiveHealthContributor of(ComponentRegistry registry) {
		Map<String, ReactiveHealthContributor> indicators = new LinkedHashMap<>();
		for (ComponentStatus status : registry.components()) {
			String name = status.name();
			indicators.put(name, (ReactiveHealthIndicator) () -> Mono.fromSupplier(() -> health(registry, name)));
		}
		return CompositeReactiveHealthContributor.fromMap(indicators);
	}

	static Health health(ComponentRegistry registry, String name) {
		ComponentStatus status = registry.component(name).orElseThrow();
		List<String> notRunning = new ArrayList<>();
		for (ComponentStatus candidate : registry.components()) {
			if (candidate.state() != ComponentState.RUNNING && registry.dependents(candidate.name()).contains(name)) {
				notRunning.add(candidate.name());
			}
		}
		Health.Builder health = Health.status(statusOf(status.state(), notRunning.isEmpty()))
			.withDetail("state", status.state())
			.withDetail("since", status.since().toString())
			.withDetail("optional", status.descriptor().optional())
			.withDetail("dependsOn", status.descriptor().dependsOn().stream().sorted().toList())
			.withDetail("affects", registry.dependents(name));
		if (status.reason() != null) {
			health.withDetail("reason", status.reason());
		}
		if (!notRunning.isEmpty()) {
			health.withDetail("impairedBy", notRunning);
		}
		return health.build();
	}

	private static Status statusOf(ComponentState state, boolean dependenciesRunning) {
		return switch (state) {
			case RUNNING -> dependenciesRunning ? Status.UP : DEGRADED;
			case DEGRADED -> DEGRADED;
			case FAILED -> Status.DOWN;
			case STARTING, STOPPING, STOPPED -> Status.OUT_OF_SERVICE;
		};
	}

}
