package dev.library.observability.alarm;

/**
 * Told of every transition of an {@link AlarmEngine}, in order, while the engine holds
 * its lock: an implementation must be quick and must not call back into the engine.
 *
 * @author Library
 */
@FunctionalInterface
public interface AlarmListener {

	/**
	 * Called after an alarm changed state.
	 * @param transition the transition
	 * @param alarm the alarm after it
	 */
	void transitioned(AlarmTransition transition, Alarm alarm);

}
