package dev.library.observability.alarm;

/**
 * How urgent an alarm is, most urgent first (the ITU X.733 and ThingsBoard scale).
 *
 * @author Library
 */
public enum AlarmSeverity {

	/**
	 * Immediate action needed: loss of service or damage is imminent.
	 */
	CRITICAL,

	/**
	 * Urgent action needed: service is seriously degraded.
	 */
	MAJOR,

	/**
	 * Action needed before the fault gets worse.
	 */
	MINOR,

	/**
	 * A potential fault worth watching.
	 */
	WARNING

}
