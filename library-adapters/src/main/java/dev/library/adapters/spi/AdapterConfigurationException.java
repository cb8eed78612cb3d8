package dev.library.adapters.spi;

/**
 * Configuration of an adapter instance that its type cannot accept: a missing setting, an
 * address the device does not have. Stops the start-up with the message.
 *
 * @author Library
 */
public class AdapterConfigurationException extends RuntimeException {

	public AdapterConfigurationException(String message) {
		super(message);
	}

}
