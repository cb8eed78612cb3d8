package dev.library.observability.alarm.notification;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.library.observability.alarm.Alarm;
import dev.library.observability.alarm.AlarmSeverity;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One escalation step: an alarm still unacknowledged this long after it became active
 * notifies the step's channels and may be raised to a higher severity.
 *
 * @param after how long after activation the step fires
 * @param definitions the definition names it applies to, or empty for all
 * @param severities the severities it applies to, or empty for all
 * @param channels the channels to notify
 * @param raiseTo the severity to raise the alarm to, or {@code null} to leave it
 * @author Library
 */
public record EscalationStep(Duration after, Set<String> definitions, Set<AlarmSeverity> severities,
		List<String> channels, @Nullable AlarmSeverity raiseTo) {

	public EscalationStep {
		Assert.isTrue(after.isPositive(), "'after' must be positive");
		definitions = Set.copyOf(definitions);
		severities = Set.copyOf(severities);
		channels = List.copyOf(channels);
		Assert.isTrue(!channels.isEmpty() || raiseTo != null,
				"A step needs channels to notify or a severity to raise to");
	}

	/**
	 * Whether the step applies to an alarm.
	 * @param alarm the alarm
	 * @return whether its definition and severity match
	 */
	public boolean appliesTo(Alarm alarm) {
		return (this.definitions.isEmpty() || this.definitions.contains(alarm.definition()))
				&& (this.severities.isEmpty() || this.severities.contains(alarm.severity()));
	}

}
