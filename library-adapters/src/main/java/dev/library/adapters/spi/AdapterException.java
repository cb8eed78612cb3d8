package dev.library.adapters.spi;

/**
 * An I/O failure of an {@link Adapter}: a lost connection, a device that did not answer,
 * a refused write.
 *
 * @author Library
 */
public class AdapterException extends RuntimeException {

	public AdapterException(String message) {
		super(message);
	}

	public AdapterException(String message, Throwable cause) {
		super(message, cause);
	}

}
