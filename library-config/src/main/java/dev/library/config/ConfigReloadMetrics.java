package dev.library.config;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationListener;

/**
 * Counts reloads of the watched configuration file in {@code library.config.reloads},
 * tagged with their {@code outcome}: applied, partially-applied, restart-required,
 * rejected, unchanged or file-missing.
 *
 * @author Library
 */
public class ConfigReloadMetrics implements MeterBinder, ApplicationListener<ConfigurationReloadEvent> {

	/**
	 * Name of the counter.
	 */
	public static final String RELOADS = "library.config.reloads";

	private final Map<ReloadOutcome, Counter> counters = new EnumMap<>(ReloadOutcome.class);

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ReloadOutcome outcome : ReloadOutcome.values()) {
			Counter counter = Counter.builder(RELOADS)
				.description("Versions of the watched configuration file handled, by outcome")
				.baseUnit("reloads")
				.tag("outcome", outcome.value())
				.register(registry);
			synchronized (this.counters) {
				this.counters.put(outcome, counter);
			}
		}
	}

	@Override
	public void onApplicationEvent(ConfigurationReloadEvent event) {
		Counter counter;
		synchronized (this.counters) {
			counter = this.counters.get(event.getReload().outcome());
		}
		if (counter != null) {
			counter.increment();
		}
	}

}
