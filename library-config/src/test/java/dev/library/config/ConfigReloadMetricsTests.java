package dev.library.config;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigReloadMetrics}.
 *
 * @author Library
 */
class ConfigReloadMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ConfigReloadMetrics metrics = new ConfigReloadMetrics();

	@Test
	void everyOutcomeIsRegisteredAtZeroWithADescriptionAndUnit() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.find("library.config.reloads").counters()).hasSize(ReloadOutcome.values().length)
			.allSatisfy((counter) -> {
				assertThat(counter.count()).isZero();
				assertThat(counter.getId().getDescription()).isNotBlank();
				assertThat(counter.getId().getBaseUnit()).isEqualTo("reloads");
			});
	}

	@Test
	void eachReloadCountsUnderItsOutcome() {
		this.metrics.bindTo(this.registry);
		this.metrics.onApplicationEvent(event(ReloadOutcome.REJECTED));
		this.metrics.onApplicationEvent(event(ReloadOutcome.REJECTED));
		this.metrics.onApplicationEvent(event(ReloadOutcome.PARTIALLY_APPLIED));
		assertThat(counter("rejected").count()).isEqualTo(2);
		assertThat(counter("partially-applied").count()).isEqualTo(1);
		assertThat(counter("applied").count()).isZero();
	}

	private Counter counter(String outcome) {
		return this.registry.get("library.config.reloads").tag("outcome", outcome).counter();
	}

	private ConfigurationReloadEvent event(ReloadOutcome outcome) {
		return new ConfigurationReloadEvent(this,
				new ConfigurationReload(Instant.EPOCH, "/x.yaml", outcome, List.of(), List.of(), null));
	}

}
