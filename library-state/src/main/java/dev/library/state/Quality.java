package dev.library.state;

/**
 * How far a value can be trusted, as OPC UA names it.
 *
 * @author Library
 */
public enum Quality {

	/**
	 * The value is reliable.
	 */
	GOOD,

	/**
	 * The value may be wrong: stale, out of calibration, substituted.
	 */
	UNCERTAIN,

	/**
	 * The value is not usable: sensor failure, no communication.
	 */
	BAD

}
