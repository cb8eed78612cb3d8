package dev.library.hap;

/**
 * HAP status codes a write answers with (HAP specification, table "HAP Status Codes").
 *
 * @author Library
 */
public enum HapStatus {

	/**
	 * The write was done and confirmed.
	 */
	SUCCESS(0),

	/**
	 * The device could not be reached, the write failed or its read-back differed.
	 */
	COMMUNICATION_FAILURE(-70402),

	/**
	 * The characteristic cannot be written.
	 */
	READ_ONLY(-70404),

	/**
	 * The write was not confirmed in time.
	 */
	TIMED_OUT(-70408),

	/**
	 * The accessory or characteristic does not exist.
	 */
	NOT_FOUND(-70409),

	/**
	 * The value does not fit the point (type, limits).
	 */
	INVALID_VALUE(-70410),

	/**
	 * The platform refused the write in its current state: an interlock.
	 */
	NOT_ALLOWED_IN_CURRENT_STATE(-70412);

	private final int code;

	HapStatus(int code) {
		this.code = code;
	}

	/**
	 * Return the status code sent to the controller.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

}
