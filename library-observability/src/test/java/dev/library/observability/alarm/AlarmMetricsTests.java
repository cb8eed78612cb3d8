package dev.library.observability.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.library.state.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AlarmMetrics} and {@link AlarmHealthIndicator}.
 *
 * @author Library
 */
class AlarmMetricsTests {

	private static final String KEY = "plant.tank1.temperature";

	private final TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));

	private final AlarmEventPublisher publisher = new AlarmEventPublisher();

	private final AlarmEngine engine = new AlarmEngine(
			List.of(AlarmDefinitions.hi("tank-hot", KEY, 80),
					AlarmDefinitions.of("tank-bad", KEY, AlarmConditionType.BAD_QUALITY, null, null, null)),
			this.clock, Duration.ofHours(1), this.publisher);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	AlarmMetricsTests() {
		AlarmMetrics metrics = new AlarmMetrics(this.engine);
		metrics.bindTo(this.registry);
		this.publisher.addListener(metrics);
	}

	@Test
	void metersShouldCountActiveAlarmsRaisesAndTimeToAcknowledge() {
		this.engine.update(KEY, JsonNodeFactory.instance.numberNode(90), Quality.GOOD);
		this.engine.update(KEY, JsonNodeFactory.instance.numberNode(90), Quality.BAD);
		assertThat(
				this.registry.get("library.alarms.active").tags("severity", "major", "state", "UNACK").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("library.alarms.active")
			.tags("severity", "critical", "state", "UNACK")
			.gauge()
			.value()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(42));
		this.engine.acknowledge("tank-hot." + KEY, "olivia", null);
		assertThat(
				this.registry.get("library.alarms.active").tags("severity", "major", "state", "ACKED").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("library.alarms.raised").tag("severity", "major").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("library.alarms.time-to-acknowledge")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(42);
		Health health = new AlarmHealthIndicator(this.engine).health().block();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("criticalUnacknowledged", 1L).containsEntry("definitions", 2);
	}

}
