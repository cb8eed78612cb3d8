package dev.library.observability.alarm.notification;

/**
 * A receiver refused a notification in a way that retrying cannot change, such as a
 * webhook answering {@code 400} or {@code 401}: the notification goes to the dead letters
 * at once.
 *
 * @author Library
 */
public class NotificationRejectedException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message what the receiver said
	 */
	public NotificationRejectedException(String message) {
		super(message);
	}

}
