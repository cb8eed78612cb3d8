package dev.library.observability.alarm;

/**
 * The state of an alarm in the ISA-18.2 / IEC 62682 life cycle. An alarm is in exactly
 * one state at a time; out of service wins over shelved, which wins over suppressed by
 * design.
 *
 * @author Library
 */
public enum AlarmState {

	/**
	 * The condition is clear and nothing waits for an operator.
	 */
	NORMAL,

	/**
	 * The condition is active and not acknowledged.
	 */
	UNACK,

	/**
	 * The condition is active and acknowledged.
	 */
	ACKED,

	/**
	 * The condition returned to normal before it was acknowledged.
	 */
	RTN_UNACK,

	/**
	 * An operator shelved the alarm for a limited time: it is not annunciated.
	 */
	SHELVED,

	/**
	 * A design condition (such as the pump being stopped) suppresses the alarm.
	 */
	SUPPRESSED_BY_DESIGN,

	/**
	 * An administrator took the alarm out of service (maintenance, a broken sensor).
	 */
	OUT_OF_SERVICE;

	/**
	 * Whether an operator must still act on an alarm in this state.
	 * @return whether the state is {@link #UNACK} or {@link #RTN_UNACK}
	 */
	public boolean isUnacknowledged() {
		return this == UNACK || this == RTN_UNACK;
	}

}
