package dev.library.canbus.dbc;

/**
 * How the raw bits of a signal are read, after {@code SIG_VALTYPE_}.
 *
 * @author Library
 */
public enum ValueType {

	/**
	 * A two's complement or unsigned integer (the default).
	 */
	INTEGER,

	/**
	 * An IEEE 754 single-precision number ({@code SIG_VALTYPE_ ... : 1}), 32 bits.
	 */
	FLOAT,

	/**
	 * An IEEE 754 double-precision number ({@code SIG_VALTYPE_ ... : 2}), 64 bits.
	 */
	DOUBLE

}
