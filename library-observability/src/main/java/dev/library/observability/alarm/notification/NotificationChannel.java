package dev.library.observability.alarm.notification;

import reactor.core.publisher.Mono;

/**
 * Somewhere alarm notifications go: a webhook, the log. The
 * {@link NotificationDispatcher} retries a failed delivery and gives each channel a queue
 * of its own, so a channel need not do either.
 *
 * @author Library
 */
public interface NotificationChannel {

	/**
	 * Return the channel's name, as configured.
	 * @return the name
	 */
	String name();

	/**
	 * Deliver one notification, once.
	 * @param notification the notification
	 * @return completes when the receiver took it; fails with a
	 * {@link NotificationRejectedException} when retrying cannot help, with any other
	 * error when it might
	 */
	Mono<Void> deliver(AlarmNotification notification);

}
