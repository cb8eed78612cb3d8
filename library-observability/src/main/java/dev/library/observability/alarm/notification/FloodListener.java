package dev.library.observability.alarm.notification;

/**
 * Told by the {@link NotificationDispatcher} when an area starts or stops flooding.
 *
 * @author Library
 */
@FunctionalInterface
public interface FloodListener {

	/**
	 * An area started or stopped flooding.
	 * @param area the area ({@code ""} for alarms without an area)
	 * @param flooding whether it floods now
	 * @param reason what happened, for the record
	 */
	void floodChanged(String area, boolean flooding, String reason);

}
