package dev.library.observability.alarm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of the alarms: always {@code UP} (an alarm is a fact about the plant, not a
 * fault of the platform), with the number of alarms per state and the critical alarms
 * waiting for acknowledgement.
 *
 * @author Library
 */
public class AlarmHealthIndicator implements ReactiveHealthIndicator {

	private final AlarmEngine engine;

	/**
	 * Create a new instance.
	 * @param engine the engine
	 */
	public AlarmHealthIndicator(AlarmEngine engine) {
		this.engine = engine;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			List<Alarm> alarms = this.engine.alarms();
			Map<String, Long> byState = new TreeMap<>();
			alarms.forEach((alarm) -> byState.merge(alarm.state().name(), 1L, Long::sum));
			long criticalUnacknowledged = alarms.stream()
				.filter((alarm) -> alarm.severity() == AlarmSeverity.CRITICAL && alarm.state().isUnacknowledged())
				.count();
			return Health.up()
				.withDetail("definitions", this.engine.definitions().size())
				.withDetail("alarms", byState)
				.withDetail("criticalUnacknowledged", criticalUnacknowledged)
				.build();
		});
	}

}
