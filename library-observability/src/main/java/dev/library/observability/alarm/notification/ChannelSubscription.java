package dev.library.observability.alarm.notification;

import java.util.Set;

import dev.library.observability.alarm.AlarmSeverity;

import org.springframework.util.Assert;

/**
 * Which notifications a channel gets on its own (escalation steps name their channels
 * explicitly): the events, the severities and the areas; an empty set of severities or
 * areas takes every one.
 *
 * @param channel the channel
 * @param events the events it is told of
 * @param severities the alarm severities it is told of, or empty for all
 * @param areas the plant areas it is told of, or empty for all
 * @author Library
 */
public record ChannelSubscription(NotificationChannel channel, Set<NotificationEvent> events,
		Set<AlarmSeverity> severities, Set<String> areas) {

	public ChannelSubscription {
		Assert.notNull(channel, "'channel' must not be null");
		events = Set.copyOf(events);
		severities = Set.copyOf(severities);
		areas = Set.copyOf(areas);
	}

	/**
	 * Whether the channel is to be told of a notification.
	 * @param notification the notification
	 * @return whether it matches the events, severities and areas
	 */
	public boolean matches(AlarmNotification notification) {
		String area = notification.alarm().area();
		return this.events.contains(notification.event())
				&& (this.severities.isEmpty() || this.severities.contains(notification.alarm().severity()))
				&& (this.areas.isEmpty() || (area != null && this.areas.contains(area)));
	}

}
