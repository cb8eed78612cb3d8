package dev.library.kafka;

import java.time.Instant;

/**
 * One event the platform publishes, with the CloudEvents attributes it carries and the
 * record key that keeps the order of its subject.
 *
 * @param id the event id, unique for the source: a consumer drops an id it has seen
 * @param type the event type, such as {@value #STATE_CHANGED}
 * @param subject what the event is about: a state key, an alarm id, a command id
 * @param time when it happened
 * @param key the record key: events with one key keep their order
 * @param data the event's data: a {@code JsonNode}, or an object the platform's JSON
 * mapper writes (written as it comes, without a tree in between)
 * @author Library
 */
public record CloudEvent(String id, String type, String subject, Instant time, String key, Object data) {

	/**
	 * Type of a state key written.
	 */
	public static final String STATE_CHANGED = "dev.library.state.changed";

	/**
	 * Type of a state key deleted.
	 */
	public static final String STATE_DELETED = "dev.library.state.deleted";

	/**
	 * Type of an alarm transition.
	 */
	public static final String ALARM_TRANSITIONED = "dev.library.alarm.transitioned";

	/**
	 * Type of a command that reached its final status.
	 */
	public static final String COMMAND_COMPLETED = "dev.library.command.completed";

	/**
	 * Type of an alarm notification sent to a kafka notification channel.
	 */
	public static final String ALARM_NOTIFICATION = "dev.library.alarm.notification";

}
