package dev.library.observability.alarm.notification;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Writes each notification to the log ({@code WARN} for raised and escalated alarms,
 * {@code INFO} otherwise), for sites whose log shipping is their alerting.
 *
 * @author Library
 */
public class LogNotificationChannel implements NotificationChannel {

	private static final Log logger = LogFactory.getLog(LogNotificationChannel.class);

	private final String name;

	/**
	 * Create a new instance.
	 * @param name the channel name
	 */
	public LogNotificationChannel(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Mono<Void> deliver(AlarmNotification notification) {
		return Mono.fromRunnable(() -> {
			String line = "Alarm " + notification.event().name().toLowerCase() + ": " + notification.alarm().id() + " ["
					+ notification.alarm().severity().name().toLowerCase() + ", " + notification.alarm().state() + "] "
					+ notification.alarm().message() + " (" + notification.reason() + ")";
			if (notification.event() == NotificationEvent.RAISED
					|| notification.event() == NotificationEvent.ESCALATED) {
				logger.warn(line);
			}
			else {
				logger.info(line);
			}
		});
	}

}
