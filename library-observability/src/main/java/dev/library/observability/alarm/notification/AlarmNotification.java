package dev.library.observability.alarm.notification;

import java.time.Instant;

import dev.library.observability.alarm.Alarm;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link NotificationChannel} is told: an alarm, what happened to it and, for an
 * escalation, the step.
 *
 * @param id unique id of the notification, the same on every delivery attempt, so that a
 * receiver can drop a duplicate
 * @param event what happened
 * @param alarm the alarm after it happened
 * @param reason why: the transition's reason, or the escalation step
 * @param at when it happened
 * @param escalationStep the escalation step (from 1), or {@code null}
 * @author Library
 */
public record AlarmNotification(String id, NotificationEvent event, Alarm alarm, String reason, Instant at,
		@Nullable Integer escalationStep) {

	public AlarmNotification {
		Assert.hasText(id, "'id' must not be empty");
		Assert.notNull(event, "'event' must not be null");
		Assert.notNull(alarm, "'alarm' must not be null");
		Assert.notNull(reason, "'reason' must not be null");
		Assert.notNull(at, "'at' must not be null");
	}

}
