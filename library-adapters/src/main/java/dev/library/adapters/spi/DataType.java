package dev.library.adapters.spi;

/**
 * Data type of a point, and the Java type of its raw values.
 *
 * @author Library
 */
public enum DataType {

	/**
	 * On or off, open or closed: {@link Boolean}.
	 */
	BOOLEAN,

	/**
	 * A whole number: {@link Long}.
	 */
	INTEGER,

	/**
	 * A real number: {@link Double}.
	 */
	FLOAT,

	/**
	 * Text: {@link String}.
	 */
	STRING;

	/**
	 * Return whether values of this type are numbers, which scaling and limits apply to.
	 * @return whether the type is numeric
	 */
	public boolean isNumeric() {
		return this == INTEGER || this == FLOAT;
	}

}
