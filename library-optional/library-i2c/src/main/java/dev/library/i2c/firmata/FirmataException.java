package dev.library.i2c.firmata;

import dev.library.adapters.spi.AdapterException;

/**
 * The board did not answer in time, or the serial link to it failed.
 *
 * @author Library
 */
public class FirmataException extends AdapterException {

	public FirmataException(String message) {
		super(message);
	}

	public FirmataException(String message, Throwable cause) {
		super(message, cause);
	}

}
