package dev.library.canbus.dbc;

/**
 * Byte order of a signal, as the DBC {@code @1}/{@code @0} marks it.
 *
 * @author Library
 */
public enum ByteOrder {

	/**
	 * Intel ({@code @1}): the start bit is the least significant bit.
	 */
	LITTLE_ENDIAN,

	/**
	 * Motorola ({@code @0}): the start bit is the most significant bit, in the sawtooth
	 * bit numbering.
	 */
	BIG_ENDIAN

}
