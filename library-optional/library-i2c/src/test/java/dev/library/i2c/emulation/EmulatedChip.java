package dev.library.i2c.emulation;

/**
 * An emulation of an I2C chip at the level of bytes on the bus: what a write frame does
 * to its registers, what a read frame returns, as its datasheet says. Throws
 * {@link NackException} where the real chip would not acknowledge.
 *
 * @author Library
 */
public interface EmulatedChip {

	/**
	 * Receive a write frame (the bytes after the address byte with R/W = 0).
	 * @param frame the bytes
	 */
	void write(byte[] frame);

	/**
	 * Answer a read frame (the bytes after the address byte with R/W = 1).
	 * @param length how many bytes the master reads
	 * @return the bytes
	 */
	byte[] read(int length);

	/**
	 * The chip did not acknowledge its address or a byte.
	 *
	 * @author Library
	 */
	class NackException extends RuntimeException {

		public NackException(String message) {
			super(message);
		}

	}

}
