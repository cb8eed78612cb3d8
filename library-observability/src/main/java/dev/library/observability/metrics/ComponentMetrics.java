package dev.library.observability.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.library.core.component.ComponentRegistry;
import dev.library.core.component.ComponentState;
import dev.library.core.component.ComponentStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Metrics of every enabled component: {@code library.component.state} (1 for the
 * component's current state, 0 for the others) and
 * {@code library.component.start.duration}.
 *
 * @author Library
 */
public class ComponentMetrics implements MeterBinder {

	private final ComponentRegistry registry;

	public ComponentMetrics(ComponentRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		for (ComponentStatus component : this.registry.components()) {
			String name = component.name();
			for (ComponentState state : ComponentState.values()) {
				Gauge.builder("library.component.state", this.registry, (registry) -> isIn(registry, name, state))
					.description("Whether the component is in this lifecycle state (1) or not (0)")
					.tag("component", name)
					.tag("state", state.name().toLowerCase())
					.register(meters);
			}
			TimeGauge
				.builder("library.component.start.duration", this.registry, TimeUnit.MILLISECONDS,
						(registry) -> startMillis(registry, name))
				.description("Time the component took to start")
				.tag("component", name)
				.register(meters);
		}
	}

	private static double isIn(ComponentRegistry registry, String name, ComponentState state) {
		return registry.component(name).map(ComponentStatus::state).filter(state::equals).isPresent() ? 1 : 0;
	}

	private static double startMillis(ComponentRegistry registry, String name) {
		return registry.component(name)
			.map(ComponentStatus::startDuration)
			.map(Duration::toMillis)
			.map(Long::doubleValue)
			.orElse(0.0);
	}

}
