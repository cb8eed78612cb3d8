package dev.library.observability.alarm;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Definitions for tests.
 *
 * @author Library
 */
final class AlarmDefinitions {

	private AlarmDefinitions() {
	}

	static AlarmDefinition limit(String name, String key, AlarmConditionType type, double limit, double deadband,
			Duration onDelay, Duration offDelay) {
		return new AlarmDefinition(name, key, type, limit, deadband, null, onDelay, offDelay, null, null,
				AlarmSeverity.MAJOR, "", "°C", Set.of("temperature"), "north", null);
	}

	static AlarmDefinition hi(String name, String key, double limit) {
		return limit(name, key, AlarmConditionType.HI, limit, 0, Duration.ZERO, Duration.ZERO);
	}

	static AlarmDefinition of(String name, String key, AlarmConditionType type, @Nullable String value,
			@Nullable Duration staleAfter, AlarmDefinition.@Nullable Suppression suppression) {
		return new AlarmDefinition(name, key, type, null, 0, value, Duration.ZERO, Duration.ZERO, staleAfter, null,
				AlarmSeverity.CRITICAL, "", null, Set.of(), null, suppression);
	}

}
