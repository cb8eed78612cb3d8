package dev.library.adapters.spi;

/**
 * What the platform may do with a point.
 *
 * @author Library
 */
public enum Access {

	/**
	 * An input: read only.
	 */
	READ,

	/**
	 * An output: read and written; it has a safe value.
	 */
	READ_WRITE

}
