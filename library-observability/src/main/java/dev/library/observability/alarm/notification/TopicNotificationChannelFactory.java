package dev.library.observability.alarm.notification;

import java.time.Duration;

/**
 * Makes the notification channels that publish to a topic of a message broker: channels
 * of type {@code kafka} in {@code library.alarms.notifications.channels}. The component
 * that connects to the broker (kafka) supplies one as a bean; without it such a channel
 * cannot be configured.
 *
 * @author Library
 */
@FunctionalInterface
public interface TopicNotificationChannelFactory {

	/**
	 * Make a channel.
	 * @param name the channel's name
	 * @param topic the topic its notifications go to
	 * @param timeout longest time one delivery may take until the broker acknowledges it
	 * @return the channel
	 */
	NotificationChannel create(String name, String topic, Duration timeout);

}
