package dev.library.observability.alarm;

/**
 * What an alarm definition watches for in the value of its key.
 *
 * @author Library
 */
public enum AlarmConditionType {

	/**
	 * The value is at or above the limit; clears below the limit minus the deadband.
	 */
	HI,

	/**
	 * As {@link #HI}, for a second, higher limit.
	 */
	HIHI,

	/**
	 * The value is at or below the limit; clears above the limit plus the deadband.
	 */
	LO,

	/**
	 * As {@link #LO}, for a second, lower limit.
	 */
	LOLO,

	/**
	 * The value equals the configured value.
	 */
	EQUALS,

	/**
	 * The value differs from the configured value.
	 */
	DIFFERS,

	/**
	 * The value changes faster than the limit per rate period (either way), measured
	 * between consecutive numeric values; clears below the limit minus the deadband.
	 */
	RATE_OF_CHANGE,

	/**
	 * The key has not been written for the configured period.
	 */
	STALE,

	/**
	 * The value's quality is {@code BAD}.
	 */
	BAD_QUALITY;

	/**
	 * Whether the condition compares a number with a limit.
	 * @return whether this is a limit condition
	 */
	public boolean isLimit() {
		return this == HI || this == HIHI || this == LO || this == LOLO;
	}

	/**
	 * Whether the condition compares the value with a configured value.
	 * @return whether this is a discrete condition
	 */
	public boolean isDiscrete() {
		return this == EQUALS || this == DIFFERS;
	}

}
