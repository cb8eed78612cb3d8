package dev.library.observability.alarm;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Metrics of the alarms: {@code library.alarms.active} (alarms not normal, tagged
 * {@code severity} and {@code state}), {@code library.alarms.raised} (alarms that became
 * active, tagged {@code severity}) and {@code library.alarms.time-to-acknowledge}.
 *
 * @author Library
 */
public class AlarmMetrics implements MeterBinder, AlarmListener {

	private final AlarmEngine engine;

	private final Map<AlarmSeverity, Counter> raised = new EnumMap<>(AlarmSeverity.class);

	private volatile @Nullable Timer timeToAcknowledge;

	/**
	 * Create a new instance.
	 * @param engine the engine whose alarms are counted
	 */
	public AlarmMetrics(AlarmEngine engine) {
		this.engine = engine;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (AlarmSeverity severity : AlarmSeverity.values()) {
			for (AlarmState state : AlarmState.values()) {
				if (state == AlarmState.NORMAL) {
					continue;
				}
				Gauge.builder("library.alarms.active", this.engine, (engine) -> count(engine, severity, state))
					.description("Alarms that are not normal")
					.baseUnit("alarms")
					.tag("severity", tag(severity))
					.tag("state", state.name())
					.register(registry);
			}
			this.raised.put(severity,
					Counter.builder("library.alarms.raised")
						.description("Alarms that became active")
						.baseUnit("alarms")
						.tag("severity", tag(severity))
						.register(registry));
		}
		this.timeToAcknowledge = Timer.builder("library.alarms.time-to-acknowledge")
			.description("Time from an alarm becoming active to its acknowledgement")
			.register(registry);
	}

	private static String tag(AlarmSeverity severity) {
		return severity.name().toLowerCase(Locale.ROOT);
	}

	private static double count(AlarmEngine engine, AlarmSeverity severity, AlarmState state) {
		return engine.alarms()
			.stream()
			.filter((alarm) -> alarm.severity() == severity && alarm.state() == state)
			.count();
	}

	@Override
	public void transitioned(AlarmTransition transition, Alarm alarm) {
		if (transition.to() == AlarmState.UNACK && transition.from() != AlarmState.RTN_UNACK
				&& transition.from() != AlarmState.UNACK) {
			Counter counter = this.raised.get(alarm.severity());
			if (counter != null) {
				counter.increment();
			}
		}
		Timer timer = this.timeToAcknowledge;
		if (timer != null && transition.from().isUnacknowledged() && alarm.acknowledgedAt() != null
				&& transition.at().equals(alarm.acknowledgedAt()) && alarm.activeSince() != null) {
			timer.record(Duration.between(alarm.activeSince(), alarm.acknowledgedAt()));
		}
	}

}
